-- featuredoc language server: configuration for Neovim's built-in LSP client.
--
-- Neovim 0.11+: with this directory on 'runtimepath',
--     vim.lsp.enable('featuredoc')
-- is all it takes; change any field with vim.lsp.config('featuredoc', {...}).
-- Neovim 0.7-0.10: require('featuredoc').setup() reads this same table and
-- starts the server from a FileType autocommand.
--
-- To run the server from somewhere other than PATH (a virtualenv, say), set
--     vim.g.featuredoc_ls_cmd = { '/path/to/venv/bin/featuredoc-ls' }
-- before the server starts, or pass `cmd` to vim.lsp.config / setup().
return {
  cmd = vim.g.featuredoc_ls_cmd or { 'featuredoc-ls' },
  -- 'featuredoc' is set by ftdetect/featuredoc.vim for *.pandoc,
  -- docs/features/*.md, docs/features/*.markdown and SUPPORT.md; 'pandoc'
  -- covers set-ups without it.
  filetypes = { 'featuredoc', 'pandoc' },
  root_markers = { '.featuredoc.yaml', '.git' },
  -- Sent as the `featuredoc` section of workspace/configuration; the keys
  -- are those of .featuredoc.yaml, e.g. { featuredoc = { rules = { FD203 = 'off' } } }.
  settings = { featuredoc = vim.empty_dict() },
}
