-- featuredoc with nvim-lspconfig (Neovim 0.7-0.10 and older nvim-lspconfig).
-- With Neovim 0.11+ you do not need this: see lsp/featuredoc.lua.
--
--   vim.opt.runtimepath:prepend('/path/to/featuredoc/editors/vim') -- ftdetect
--   dofile('/path/to/featuredoc/editors/vim/lspconfig.lua')
--   require('lspconfig').featuredoc.setup({})
--   -- or with settings: .setup({ settings = { featuredoc = { rules = { FD203 = 'off' } } } })
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.featuredoc then
  configs.featuredoc = {
    default_config = {
      cmd = vim.g.featuredoc_ls_cmd or { 'featuredoc-ls' },
      filetypes = { 'featuredoc', 'pandoc' },
      root_dir = function(fname)
        return util.root_pattern('.featuredoc.yaml', '.git')(fname) or vim.fn.fnamemodify(fname, ':h')
      end,
      settings = { featuredoc = vim.empty_dict() },
    },
    docs = {
      description = 'featuredoc: checks feature documents (docs/features/*.pandoc, SUPPORT.md).',
    },
  }
end
