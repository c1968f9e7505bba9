-- A complete, minimal Neovim set-up for featuredoc (Neovim 0.7 or later):
--     nvim -u editors/vim/init.lua docs/features/sched_credit.pandoc
-- In your own init.lua, copy the lines between the markers and point `dir`
-- at your copy of editors/vim.
local dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')

-- >>> featuredoc
vim.opt.runtimepath:prepend(dir)
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
require('featuredoc').setup()
-- Show findings as text at the end of the line (0.11 hides it by default),
-- with the rule code: "featuredoc: 'Supperted' is not a support status; ... [FD201]".
local function with_code(d)
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  return code and string.format('%s [%s]', d.message, code) or d.message
end
vim.diagnostic.config({
  virtual_text = { source = 'always', format = with_code },
  float = { source = 'always', format = with_code },
  severity_sort = true,
})
-- <<< featuredoc

-- Keys (0.11 already maps gra, K and <C-x><C-o>; these work on any version).
vim.keymap.set('n', '<leader>ca', vim.lsp.buf.code_action, { desc = 'featuredoc: code action' })
vim.keymap.set('n', '<leader>e', vim.diagnostic.open_float, { desc = 'featuredoc: show finding' })
if not vim.diagnostic.jump then -- 0.11 maps ]d and [d itself
  vim.keymap.set('n', ']d', vim.diagnostic.goto_next, { desc = 'next finding' })
  vim.keymap.set('n', '[d', vim.diagnostic.goto_prev, { desc = 'previous finding' })
end
