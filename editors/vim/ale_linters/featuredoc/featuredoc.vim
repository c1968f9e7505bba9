" Description: featuredoc language server for feature documents (ALE linter).
"
" Options (global g:ale_... or buffer-local b:ale_...):
"   ale_featuredoc_ls_executable  command to run          (default 'featuredoc-ls')
"   ale_featuredoc_ls_options     arguments after it      (default '')
"   ale_featuredoc_ls_config      settings, the keys of .featuredoc.yaml,
"                                 e.g. {'rules': {'FD203': 'off'}}  (default {})

call ale#Set('featuredoc_ls_executable', 'featuredoc-ls')
call ale#Set('featuredoc_ls_options', '')
call ale#Set('featuredoc_ls_config', {})

function! ale_linters#featuredoc#featuredoc#GetProjectRoot(buffer) abort
    let l:config = ale#path#FindNearestFile(a:buffer, '.featuredoc.yaml')

    if !empty(l:config)
        return fnamemodify(l:config, ':h')
    endif

    let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')

    if !empty(l:git)
        return fnamemodify(l:git, ':h:h')
    endif

    return expand('#' . a:buffer . ':p:h')
endfunction

function! ale_linters#featuredoc#featuredoc#GetCommand(buffer) abort
    return '%e' . ale#Pad(ale#Var(a:buffer, 'featuredoc_ls_options'))
endfunction

call ale#linter#Define('featuredoc', {
\   'name': 'featuredoc',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'featuredoc_ls_executable')},
\   'command': function('ale_linters#featuredoc#featuredoc#GetCommand'),
\   'project_root': function('ale_linters#featuredoc#featuredoc#GetProjectRoot'),
\   'initialization_options': {b -> {'featuredoc': ale#Var(b, 'featuredoc_ls_config')}},
\   'lsp_config': {b -> {'featuredoc': ale#Var(b, 'featuredoc_ls_config')}},
\})
