;;; featuredoc.el --- Feature documents with the featuredoc language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, docs

;;; Commentary:

;; A major mode for feature documents (docs/features/*.pandoc, Markdown
;; files (*.md, *.markdown) under docs/features/, SUPPORT.md) that talks to the featuredoc
;; language server through Eglot.
;;
;;   (add-to-list 'load-path "/path/to/featuredoc/editors/emacs")
;;   (require 'featuredoc)
;;   (add-hook 'featuredoc-mode-hook #'eglot-ensure)
;;
;; `featuredoc-mode' derives from `markdown-mode' when that package is
;; installed, else from `text-mode'.  Server settings (the keys of
;; .featuredoc.yaml) go in `eglot-workspace-configuration', usually from
;; a .dir-locals.el: see dir-locals.el.example beside this file.

;;; Code:

(require 'markdown-mode nil t)

(defgroup featuredoc nil
  "Feature documents checked by the featuredoc language server."
  :group 'languages
  :prefix "featuredoc-")

(defcustom featuredoc-server-command '("featuredoc-ls")
  "Command line that starts the featuredoc language server on stdio.
For a server installed in a virtualenv, for example:
  (\"/path/to/venv/bin/featuredoc-ls\")
or, with a given interpreter:
  (\"python3\" \"-m\" \"featuredoc\")"
  :type '(repeat string)
  :group 'featuredoc)

(defalias 'featuredoc--parent-mode
  (if (fboundp 'markdown-mode) #'markdown-mode #'text-mode)
  "Major mode that `featuredoc-mode' builds on.")

;;;###autoload
(define-derived-mode featuredoc-mode featuredoc--parent-mode "FeatureDoc"
  "Major mode for feature documents checked by featuredoc-ls.
With Eglot (`eglot-ensure' on `featuredoc-mode-hook'), findings show up
through Flymake, \\[completion-at-point] offers the support statuses after
\"Status: **\", and `eglot-code-actions' applies the quick fixes."
  (setq-local comment-start "<!-- ")
  (setq-local comment-end " -->"))

;; `text-mode' gives M-TAB to `ispell-complete-word': complete from the
;; server (support statuses, section names) instead.
(define-key featuredoc-mode-map (kbd "C-M-i") #'completion-at-point)

;;;###autoload
(progn
  (add-to-list 'auto-mode-alist '("\\.pandoc\\'" . featuredoc-mode))
  (add-to-list 'auto-mode-alist '("docs/features/.*\\.md\\'" . featuredoc-mode))
  (add-to-list 'auto-mode-alist '("docs/features/.*\\.markdown\\'" . featuredoc-mode))
  (add-to-list 'auto-mode-alist '("/SUPPORT\\.md\\'" . featuredoc-mode)))

(defun featuredoc-server-contact (&optional _interactive)
  "Return the command to start the server for `featuredoc-mode' buffers."
  featuredoc-server-command)

(defvar eglot-server-programs)

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(featuredoc-mode . featuredoc-server-contact)))

(provide 'featuredoc)
;;; featuredoc.el ends here
