-- Drives Neovim (headless) through navigation between a feature document and
-- SUPPORT.md: definition, references, workspace symbols, code lenses and rename,
-- each through Neovim's own LSP client, and writes what Neovim recorded to $FD_OUT.
-- Run after `-u editors/vim/init.lua` with the feature document as argument.
local out_path = assert(os.getenv('FD_OUT'), 'FD_OUT not set')
local timeout = tonumber(os.getenv('FD_TIMEOUT_MS') or '30000')
local report = { errors = {} }

local function write_report()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
end

local function locations(result)
  local found = {}
  for _, loc in ipairs(result or {}) do
    local r = loc.range or (loc.location and loc.location.range)
    local uri = loc.uri or (loc.location and loc.location.uri)
    table.insert(found, { file = vim.fn.fnamemodify(vim.uri_to_fname(uri), ':t'),
      line = r.start.line, character = r.start.character, end_character = r['end'].character,
      name = loc.name, container = loc.containerName })
  end
  return found
end

-- The first answer of the featuredoc client, asked again until it is not empty
-- (the folder is indexed in the background after start-up).
local function ask(bufnr, method, params)
  local answer
  vim.wait(timeout, function()
    local responses = vim.lsp.buf_request_sync(bufnr, method, params, timeout) or {}
    for _, r in pairs(responses) do
      if r.result ~= nil and not vim.tbl_isempty(r.result) then
        answer = r.result
        return true
      end
    end
    return false
  end, 200)
  return answer
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.wait(timeout, function() return #vim.lsp.get_clients({ bufnr = bufnr }) > 0 end, 50)
  if #vim.lsp.get_clients({ bufnr = bufnr }) == 0 then
    error('no LSP client attached')
  end
  local doc = { uri = vim.uri_from_bufnr(bufnr) }
  report.encoding = vim.lsp.get_clients({ bufnr = bufnr })[1].offset_encoding
  -- the position just after the emoji, in the units agreed with the server
  local title = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  local after = #'% Crédit2 🚀'
  local column = vim.lsp.util.character_offset(bufnr, 0, after, report.encoding)
  local at_title = { textDocument = doc, position = { line = 0, character = column } }
  report.title = title

  report.definition = locations(ask(bufnr, 'textDocument/definition', at_title))
  report.references = locations(ask(bufnr, 'textDocument/references', vim.tbl_extend('force',
    at_title, { context = { includeDeclaration = true } })))
  report.symbols = locations(ask(bufnr, 'workspace/symbol', { query = 'cr🚀sch' }))

  -- code lenses, as Neovim shows them
  vim.lsp.codelens.refresh({ bufnr = bufnr })
  vim.wait(timeout, function() return #vim.lsp.codelens.get(bufnr) > 0 end, 100)
  report.lenses = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    table.insert(report.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title })
  end

  -- rename, as :lua vim.lsp.buf.rename() does it: prepareRename, rename, the edit applied
  vim.api.nvim_win_set_cursor(0, { 1, #'% Cré' })
  vim.lsp.buf.rename('Crédit3 🛸 Scheduler')
  local support = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':h:h:h') .. '/SUPPORT.md'
  vim.wait(timeout, function()
    local b = vim.fn.bufnr(support)
    return b > 0 and vim.tbl_contains(vim.api.nvim_buf_get_lines(b, 0, -1, false), '### Crédit3 🛸 Scheduler')
  end, 100)
  local b = vim.fn.bufnr(support)
  report.support_after_rename = b > 0 and vim.api.nvim_buf_get_lines(b, 0, -1, false) or {}
  report.doc_after_rename = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end)

if not ok then
  table.insert(report.errors, tostring(err))
end
write_report()
vim.cmd('qa!')
