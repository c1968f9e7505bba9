-- Drives Neovim (headless) through the featuredoc set-up in editors/vim and
-- writes what Neovim itself recorded to the JSON file named by $FD_OUT.
-- Run after `-u editors/vim/init.lua` with the feature document as argument.
local out_path = assert(os.getenv('FD_OUT'), 'FD_OUT not set')
local timeout = tonumber(os.getenv('FD_TIMEOUT_MS') or '20000')
local report = { errors = {}, nvim_version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

local function write_report()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
end

local function diag_code(d)
  if d.code ~= nil then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or nil
end

local function snapshot(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, message = d.message, code = diag_code(d),
    })
  end
  return list
end

local function has_fd201(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if diag_code(d) == 'FD201' then
      return true
    end
  end
  return false
end

local function get_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo[bufnr].filetype
  report.mode = require('featuredoc').mode

  vim.wait(timeout, function() return #get_clients(bufnr) > 0 end, 50)
  local clients = get_clients(bufnr)
  report.clients = {}
  for _, c in ipairs(clients) do
    table.insert(report.clients, { name = c.name, cmd = c.config.cmd, root_dir = c.config.root_dir })
  end
  if #clients == 0 then
    error('no LSP client attached')
  end
  -- What <C-x><C-o> calls in this buffer.
  report.omnifunc = vim.bo[bufnr].omnifunc

  -- 1. The diagnostic Neovim shows for the typo.
  report.diagnostics_arrived = vim.wait(timeout, function() return has_fd201(bufnr) end, 50)
  report.diagnostics = snapshot(bufnr)

  -- 2. Completion right after `Status: **`, as <C-x><C-o> would request it.
  local status_line, status_col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = line:find('Status: **', 1, true)
    if s then
      status_line, status_col = i - 1, s - 1 + #'Status: **'
      break
    end
  end
  report.completion_position = { status_line, status_col }
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
                   position = { line = status_line, character = status_col } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, timeout) or {}
  report.completion = {}
  for _, r in pairs(responses) do
    if r.err then
      table.insert(report.errors, 'completion: ' .. vim.inspect(r.err))
    end
    local items = r.result and (r.result.items or r.result) or {}
    for _, it in ipairs(items) do
      table.insert(report.completion, { label = it.label, has_documentation = it.documentation ~= nil })
    end
  end

  -- 3. The quick fix, through the command a user runs (:lua vim.lsp.buf.code_action()),
  --    choosing the item in the vim.ui.select menu it opens.
  report.code_action_titles = {}
  local chosen = false
  vim.ui.select = function(items, opts, on_choice)
    local pick
    for i, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(report.code_action_titles, title)
      if title == "Replace with 'Supported'" and not pick then
        pick = i
      end
    end
    chosen = pick ~= nil
    on_choice(pick and items[pick] or nil, pick)
  end
  for _, d in ipairs(report.diagnostics) do
    if d.code == 'FD201' then
      vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    end
  end
  vim.lsp.buf.code_action()
  vim.wait(timeout, function() return chosen end, 50)
  local fixed = vim.wait(timeout, function()
    return vim.api.nvim_buf_get_lines(bufnr, status_line, status_line + 1, false)[1]:find('**Supported**', 1, true) ~= nil
  end, 50)
  report.line_after_fix = vim.api.nvim_buf_get_lines(bufnr, status_line, status_line + 1, false)[1]

  -- 4. Neovim sends didChange by itself; the finding must go away.
  report.cleared = fixed and vim.wait(timeout, function() return not has_fd201(bufnr) end, 50)
  report.diagnostics_after_fix = snapshot(bufnr)
end)
if not ok then
  table.insert(report.errors, tostring(err))
end
write_report()
for _, c in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
  c.stop()
end
vim.cmd('qa!')
