-- featuredoc for Neovim: one entry point for every Neovim from 0.7 on.
--
--   require('featuredoc').setup()              -- defaults from lsp/featuredoc.lua
--   require('featuredoc').setup({ cmd = { '/venv/bin/featuredoc-ls' },
--                                 settings = { featuredoc = { rules = { FD203 = 'off' } } } })
--
-- Neovim 0.11+: vim.lsp.config() + vim.lsp.enable().
-- Neovim 0.8-0.10: vim.lsp.start() from a FileType autocommand.
-- Neovim 0.7: vim.lsp.start_client() + vim.lsp.buf_attach_client().
local M = {}

--- How the server was wired up: 'enable', 'start' or 'start_client'.
M.mode = nil

--- The table returned by lsp/featuredoc.lua (found on 'runtimepath').
function M.base_config()
  local files = vim.api.nvim_get_runtime_file('lsp/featuredoc.lua', false)
  if #files == 0 then
    error('featuredoc: lsp/featuredoc.lua is not on runtimepath')
  end
  return dofile(files[1])
end

local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local best = nil
  for _, marker in ipairs(markers or {}) do
    -- findfile()/finddir() search upwards with the ';' suffix (any Neovim).
    for _, found in ipairs({ vim.fn.findfile(marker, dir .. ';'), vim.fn.finddir(marker, dir .. ';') }) do
      if found ~= '' then
        local root = vim.fn.fnamemodify(found, ':p:h')
        if vim.fn.isdirectory(vim.fn.fnamemodify(found, ':p')) == 1 then
          -- finddir() results end in '/': ':p:h' strips only that slash.
          root = vim.fn.fnamemodify(root, ':h')
        end
        if best == nil or #root > #best then
          best = root
        end
      end
    end
  end
  return best or dir
end

local function on_attach(_, bufnr)
  -- 0.7 leaves omnifunc unset: <C-x><C-o> then offers the status tiers.
  if vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
end

local clients = {} -- root_dir -> client id (0.7 only)

local function start(config, bufnr)
  if vim.api.nvim_buf_get_name(bufnr) == '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local conf = vim.deepcopy(config)
  conf.name = 'featuredoc'
  conf.root_dir = find_root(bufnr, conf.root_markers)
  conf.filetypes = nil
  conf.root_markers = nil
  conf.on_attach = conf.on_attach or on_attach
  if vim.lsp.start then
    M.mode = 'start'
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(conf, { bufnr = bufnr })
    end)
  else
    M.mode = 'start_client'
    local id = clients[conf.root_dir]
    local client = id and vim.lsp.get_client_by_id(id)
    if not client or client.is_stopped() then
      id = vim.lsp.start_client(conf)
      clients[conf.root_dir] = id
    end
    if id then
      vim.lsp.buf_attach_client(bufnr, id)
    end
  end
end

function M.setup(opts)
  opts = opts or {}
  if vim.lsp.enable and vim.lsp.config then
    M.mode = 'enable'
    if next(opts) ~= nil then
      vim.lsp.config('featuredoc', opts)
    end
    vim.lsp.enable('featuredoc')
    return
  end
  local config = vim.tbl_deep_extend('force', M.base_config(), opts)
  local group = vim.api.nvim_create_augroup('featuredoc_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start(config, args.buf)
    end,
  })
  -- Buffers that were already open before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(config, bufnr)
    end
  end
end

return M
