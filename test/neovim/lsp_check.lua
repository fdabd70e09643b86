-- Neovim 0.7 (built-in LSP client) against `relgraph lsp --stdio`, run by test/neovim/run.sh in a copy of
-- examples/f1 plus test/e2e/workspace-fixtures. Prints `PASS <check>` / `FAIL <check>: <why>` per check and quits
-- with a non-zero code when any check failed. Waits are hang guards (vim.wait polls), never timing assertions.
local ws = assert(os.getenv('RELGRAPH_NVIM_WS'), 'RELGRAPH_NVIM_WS is not set')
local cmd = { 'node', assert(os.getenv('RELGRAPH_NVIM_BIN')), 'lsp', '--stdio' }
local WAIT_MS = 60000

local failures = 0
local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    out('PASS ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. ': ' .. tostring(err))
  end
end

-- 0.7 keeps the LSP diagnostic (with its code) in user_data.lsp; later versions also copy `code` up.
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function describe(diags)
  local lines = {}
  for _, d in ipairs(diags) do
    table.insert(lines, string.format('%d:%d %s %s', d.lnum, d.col, tostring(code_of(d)), d.message))
  end
  return #lines == 0 and '(no diagnostics)' or table.concat(lines, ' | ')
end
local function with_code(buf, code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then table.insert(found, d) end
  end
  return found
end
local function wait_for(what, buf, accept)
  local ok = vim.wait(WAIT_MS, function() return accept(vim.diagnostic.get(buf)) end, 50)
  assert(ok, 'timed out waiting for ' .. what .. '; last seen: ' .. describe(vim.diagnostic.get(buf)))
end
local function errors(diags)
  local found = {}
  for _, d in ipairs(diags) do
    if d.severity == vim.diagnostic.severity.ERROR then table.insert(found, d) end
  end
  return found
end

local client_id
local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. name))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'yaml'
  assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed for ' .. name)
  return buf
end
local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, WAIT_MS)
  assert(responses, method .. ' failed: ' .. tostring(err))
  local response = responses[client_id]
  assert(response, method .. ': no response from the relgraph client')
  assert(not response.err, method .. ' error: ' .. vim.inspect(response.err))
  return response.result
end
local function find_line(buf, pattern)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(pattern, 1, true)
    if s then return i - 1, s - 1, line end
  end
  error('no line contains ' .. pattern)
end

check('the server starts over stdio and initializes', function()
  client_id = vim.lsp.start_client({ name = 'relgraph', cmd = cmd, root_dir = ws })
  assert(client_id, 'start_client returned nil')
  local client
  assert(vim.wait(WAIT_MS, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 50), 'the client never initialized')
  local caps = client.server_capabilities
  for _, cap in ipairs({ 'hoverProvider', 'completionProvider', 'codeActionProvider', 'documentOnTypeFormattingProvider' }) do
    assert(caps[cap], 'the server does not advertise ' .. cap .. ': ' .. vim.inspect(caps))
  end
end)

local graph
check("diagnostics: table-not-in-training on 'driver' in the broken inference graph", function()
  graph = open('broken-holdout.graph.yaml')
  wait_for('table-not-in-training', graph, function() return #with_code(graph, 'table-not-in-training') > 0 end)
  local found = with_code(graph, 'table-not-in-training')
  assert(#found == 1, 'expected one, got: ' .. describe(found))
  local d = found[1]
  assert(d.lnum == 11 and d.col == 2 and d.end_lnum == 11 and d.end_col == 8, 'range: ' .. vim.inspect(d))
  assert(d.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(d.severity))
  assert(d.message:find("Table 'driver' is not in the training graph (f1.graph.yaml)", 1, true), d.message)
  assert(d.message:find("Did you mean 'drivers'?", 1, true), d.message)
end)

local training
check('hover: a table name in a PQL query describes the table', function()
  training = open('driver-position.training.yaml')
  local line, col = find_line(training, 'AVG(results.positionOrder')
  local result = request(training, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(training),
    position = { line = line, character = col + #'AVG(' + 2 },
  })
  assert(result and result.contents, 'no hover')
  local text = type(result.contents) == 'table' and (result.contents.value or vim.inspect(result.contents)) or result.contents
  assert(text:find('results', 1, true), 'hover: ' .. text)
  assert(text:find('primary key `resultId`', 1, true), 'hover does not name the primary key: ' .. text)
  assert(text:find('[%d,]+ rows'), 'hover does not read the data: ' .. text)
  out('  hover: ' .. text:gsub('\n', ' '):sub(1, 160))
end)

check('completion: after FOR EACH the query offers primary keys', function()
  local line, col = find_line(training, 'FOR EACH drivers.driverId')
  local result = request(training, 'textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(training),
    position = { line = line, character = col + #'FOR EACH ' },
  })
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do labels[item.label] = true end
  for _, want in ipairs({ 'drivers.driverId', 'races.raceId', 'results.resultId' }) do
    assert(labels[want], want .. ' not in ' .. vim.inspect(vim.tbl_keys(labels)))
  end
end)

check('an edit that breaks the query is reported, and undoing it clears the diagnostic', function()
  local line, _, text = find_line(training, 'FOR EACH drivers.driverId')
  vim.api.nvim_buf_set_lines(training, line, line + 1, false, { (text:gsub('drivers%.driverId', 'driverz.driverId')) })
  wait_for('pql-unknown-table', training, function() return #with_code(training, 'pql-unknown-table') > 0 end)
  local d = with_code(training, 'pql-unknown-table')[1]
  assert(d.message:find('driverz', 1, true), d.message)
  vim.api.nvim_buf_set_lines(training, line, line + 1, false, { text })
  wait_for('the diagnostics to clear', training, function(diags) return #errors(diags) == 0 end)
end)

check('code action: "rename to training table" fixes the inference graph', function()
  vim.api.nvim_set_current_buf(graph)
  local d = with_code(graph, 'table-not-in-training')[1]
  assert(d, 'the diagnostic is gone already')
  -- As vim.lsp.buf.code_action() does: the line's diagnostics converted back to LSP (range, source, code, data).
  local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(graph, d.lnum, {}, client_id)
  local lsp_diagnostic
  for _, ld in ipairs(line_diagnostics) do
    if ld.code == 'table-not-in-training' then lsp_diagnostic = ld end
  end
  assert(lsp_diagnostic, 'no LSP form of the diagnostic: ' .. vim.inspect(line_diagnostics))
  local actions = request(graph, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(graph),
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
  }) or {}
  local fix, titles = nil, {}
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
    if action.title:find("Rename table 'driver' to 'drivers'", 1, true) then fix = action end
  end
  assert(fix, 'no rename quick fix among ' .. vim.inspect(titles))
  assert(fix.edit, 'the quick fix carries no edit')
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  assert(vim.api.nvim_buf_get_lines(graph, 11, 12, false)[1] == '  drivers:', 'line 12 after the fix')
  wait_for('table-not-in-training to clear', graph, function(diags) return #errors(diags) == 0 end)
end)

check('on-type formatting: Enter after `tables:` indents the new line by the file\'s step', function()
  vim.api.nvim_set_current_buf(graph)
  local line = find_line(graph, 'tables:')
  -- What pressing Enter at the end of `tables:` leaves (Neovim's own indent may differ): an empty new line.
  vim.api.nvim_buf_set_lines(graph, line + 1, line + 1, false, { '' })
  local edits = request(graph, 'textDocument/onTypeFormatting', {
    textDocument = vim.lsp.util.make_text_document_params(graph),
    position = { line = line + 1, character = 0 },
    ch = '\n',
    options = { tabSize = 8, insertSpaces = true },
  }) or {}
  assert(#edits == 1, 'edits: ' .. vim.inspect(edits))
  vim.lsp.util.apply_text_edits(edits, graph, 'utf-16')
  local text = vim.api.nvim_buf_get_lines(graph, line + 1, line + 2, false)[1]
  assert(text == '  ', 'the new line is ' .. vim.inspect(text) .. ' (the file indents by 2)')
  vim.api.nvim_buf_set_lines(graph, line + 1, line + 2, false, {})
end)

if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end
if failures > 0 then
  vim.cmd('cquit ' .. failures)
else
  vim.cmd('qall!')
end
