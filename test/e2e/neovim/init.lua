-- Minimal Neovim configuration for privacy-lint, as in the README, used by the headless e2e test.
-- Neovim >= 0.11: vim.lsp.config + vim.lsp.enable. Neovim 0.7-0.10 (Debian bookworm ships 0.7.2): start
-- the client from a FileType autocmd with vim.lsp.start_client (vim.lsp.start only exists from 0.8).
-- The server command is `privacy-lint-server --stdio`; the test points PRIVACY_LINT_SERVER at the repo's bin.

local server = os.getenv('PRIVACY_LINT_SERVER')
local cmd = server and { 'node', server, '--stdio' } or { 'privacy-lint-server', '--stdio' }
local settings = { privacyLint = { debounceMs = 50 } }
local root_markers = { '.privacylintrc.json', '.privacylintrc.yaml', '.privacylintrc.yml', '.git' }

if vim.fn.has('nvim-0.11') == 1 then
  vim.lsp.config('privacy_lint', {
    cmd = cmd,
    filetypes = { 'markdown', 'text' },
    root_markers = root_markers,
    settings = settings,
  })
  vim.lsp.enable('privacy_lint')
else
  local clients = {} -- one client per root folder
  local function root_of(file)
    local dir = vim.fn.fnamemodify(file, ':p:h')
    for _, marker in ipairs(root_markers) do
      local found = vim.fn.findfile(marker, dir .. ';')
      if found == '' then found = vim.fn.finddir(marker, dir .. ';') end
      if found ~= '' then return vim.fn.fnamemodify(found, ':p:h') end
    end
    return dir
  end
  vim.api.nvim_create_autocmd('FileType', {
    pattern = { 'markdown', 'text' },
    callback = function(args)
      local root = root_of(vim.api.nvim_buf_get_name(args.buf))
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({ name = 'privacy-lint', cmd = cmd, root_dir = root, settings = settings })
        clients[root] = id
      end
      vim.lsp.buf_attach_client(args.buf, id)
    end,
  })
end
