-- Test driver, loaded after init.lua: waits for privacy-lint's diagnostics in the current buffer, applies
-- the preferred quick fix for children-age through the LSP client, waits for fresh diagnostics, and writes
-- everything to the JSON file named by PRIVACY_LINT_OUT. Then quits.

local out = assert(os.getenv('PRIVACY_LINT_OUT'), 'PRIVACY_LINT_OUT not set')
local timeout = tonumber(os.getenv('PRIVACY_LINT_TIMEOUT') or '60000')
local bufnr = vim.api.nvim_get_current_buf()
local result = { nvim = vim.version(), filetype = vim.bo[bufnr].filetype, steps = {} }

local function ours()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'privacy-lint' then
      table.insert(list, { code = d.code, message = d.message, lnum = d.lnum, col = d.col, severity = d.severity })
    end
  end
  return list
end

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local got = vim.wait(timeout, function() return #ours() > 0 end, 50)
  result.steps.first = got
  result.diagnostics = ours()
  local clients = vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(clients) do
    result.client = { name = c.name, server = c.server_info }
  end
  if not got then return end

  -- The quick fix for children-age, as :lua vim.lsp.buf.code_action() would offer it.
  local diag
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'children-age' then diag = d end
  end
  if not diag then return end
  local lsp_diag = vim.tbl_extend('keep', {
    range = { start = { line = diag.lnum, character = diag.col }, ['end'] = { line = diag.end_lnum, character = diag.end_col } },
    severity = diag.severity, message = diag.message, source = diag.source, code = diag.code,
  }, diag.user_data and diag.user_data.lsp or {})
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  local action
  for _, r in pairs(responses or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.isPreferred and not action then action = a end
    end
  end
  result.action = action and action.title or vim.NIL
  if not action then return end
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  result.lines_before = #before
  result.lines_after = vim.api.nvim_buf_line_count(bufnr)
  result.steps.fixed = vim.wait(timeout, function()
    for _, d in ipairs(ours()) do
      if d.code == 'children-age' then return false end
    end
    return true
  end, 50)
  result.after = ours()
  result.text_after = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end)
if not ok then result.error = tostring(err) end
finish()
