"""What a feature is, and how the features are registered with pygls.

A :class:`Feature` is one user-facing feature: the LSP methods it answers,
each with its capability options (what ``initialize`` advertises) and the
answer given when its handler fails. A handler takes the server's
:class:`featuredoc.lsp.services.Services` and the params; it converts LSP
types and calls a part or a helper, importing the helper (the parser, the
rules, :mod:`featuredoc.editing`) when first called, so that registering
every feature loads none of them. :func:`register` wraps each handler so a
failure is logged and answered with the default: the server never dies
and never leaves a request unanswered. A handler that refuses a request
on purpose raises a ``JsonRpcException`` (see :func:`refuse`): it is
answered with that error, as the protocol says.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from featuredoc.lsp.services import Services

log = logging.getLogger("featuredoc")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Method:
    """One LSP method a feature answers."""

    name: str
    #: ``(services, params) -> answer``, a function or a coroutine function
    handler: Callable[[Services, Any], Any]
    #: the capability options registered with it (``None``: none)
    options: Any = None
    #: the answer when the handler fails
    default: Any = None


@dataclass(frozen=True, slots=True)
class Feature:
    """A user-facing feature: its handlers and their capability registration."""

    name: str
    methods: tuple[Method, ...]


def register(server: LanguageServer, services: Services, features: Sequence[Feature]) -> None:
    """Register every method of *features* with *server*, bound to *services*."""
    for feature in features:
        for method in feature.methods:
            server.feature(method.name, method.options)(_bound(method, services))


def _bound(method: Method, services: Services) -> Callable[[Any], Any]:
    """*method*'s handler with *services* as its first argument, guarded.

    Its one parameter is not named ``ls``: pygls passes only the params.
    """
    handler = guarded(method.default)(method.handler)
    if asyncio.iscoroutinefunction(method.handler):

        async def answer(params: Any) -> Any:  # noqa: ANN401
            return await handler(services, params)

        return answer

    def run(params: Any) -> Any:  # noqa: ANN401
        return handler(services, params)

    return run


def guarded(default: Any = None) -> Callable[[F], F]:  # noqa: ANN401
    """Log a handler's exception and answer *default* instead of failing."""

    def wrap(func: F) -> F:
        if asyncio.iscoroutinefunction(func):

            @functools.wraps(func)
            async def waiting(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
                try:
                    return await func(*args, **kwargs)
                except JsonRpcException:
                    raise  # a refusal: answered with its error
                except Exception:  # noqa: BLE001
                    log.exception("featuredoc: %s failed", func.__name__)
                    return default

            return waiting  # type: ignore[return-value]

        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            try:
                return func(*args, **kwargs)
            except JsonRpcException:
                raise
            except Exception:  # noqa: BLE001
                log.exception("featuredoc: %s failed", func.__name__)
                return default

        return inner  # type: ignore[return-value]

    return wrap


def refuse(reason: str) -> JsonRpcException:
    """The error answering a request refused for *reason* (``RequestFailed``), to raise."""
    return JsonRpcException(code=int(types.LSPErrorCodes.RequestFailed), message=reason)
