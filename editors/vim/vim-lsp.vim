" featuredoc with vim-lsp (https://github.com/prabirshrestha/vim-lsp).
" Source this from your vimrc after vim-lsp is loaded, with editors/vim on
" 'runtimepath' for the featuredoc filetype:
"     set runtimepath^=/path/to/featuredoc/editors/vim
"     source /path/to/featuredoc/editors/vim/vim-lsp.vim
" g:featuredoc_ls_cmd overrides the command, e.g. ['/venv/bin/featuredoc-ls'].
if executable(get(g:, 'featuredoc_ls_cmd', ['featuredoc-ls'])[0])
  augroup featuredoc_vim_lsp
    autocmd!
    autocmd User lsp_setup call lsp#register_server({
    \ 'name': 'featuredoc',
    \ 'cmd': {server_info -> get(g:, 'featuredoc_ls_cmd', ['featuredoc-ls'])},
    \ 'allowlist': ['featuredoc', 'pandoc'],
    \ 'root_uri': {server_info -> lsp#utils#path_to_uri(
    \     lsp#utils#find_nearest_parent_file_directory(
    \         lsp#utils#get_buffer_path(), ['.featuredoc.yaml', '.git/']))},
    \ 'workspace_config': {'featuredoc': get(g:, 'featuredoc_settings', {})},
    \ })
  augroup END
endif
