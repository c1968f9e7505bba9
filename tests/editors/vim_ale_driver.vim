" Drives Vim + ALE through the featuredoc set-up in editors/vim (vimrc and
" the ALE linter) and writes what ALE recorded to the JSON file $FD_OUT.
" Run: vim -Nu editors/vim/vimrc -i NONE -es -S vim_ale_driver.vim
let s:out = $FD_OUT
let s:timeout = empty($FD_TIMEOUT_MS) ? 20000 : str2nr($FD_TIMEOUT_MS)
let s:report = {'errors': [], 'vim_version': v:version}

function! s:Wait(cond) abort
  let l:waited = 0
  while !eval(a:cond) && l:waited < s:timeout
    sleep 50m
    let l:waited += 50
  endwhile
  return eval(a:cond) ? v:true : v:false
endfunction

function! s:Loclist() abort
  return get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
endfunction

function! s:HasFD201() abort
  return !empty(filter(copy(s:Loclist()), 'get(v:val, "code", "") is# "FD201"'))
endfunction

function! s:Snapshot() abort
  return map(copy(s:Loclist()), {_, d -> {
  \ 'lnum': d.lnum, 'col': d.col, 'end_lnum': get(d, 'end_lnum', -1),
  \ 'end_col': get(d, 'end_col', -1), 'type': d.type, 'code': get(d, 'code', ''),
  \ 'text': d.text, 'linter_name': d.linter_name}})
endfunction

let s:completion = []
let s:completion_done = 0
function! s:OnCompletion(response) abort
  let l:result = get(a:response, 'result', v:null)
  if type(l:result) == v:t_dict
    let l:items = get(l:result, 'items', [])
  elseif type(l:result) == v:t_list
    let l:items = l:result
  else
    let l:items = []
    call add(s:report.errors, 'completion response: ' . json_encode(a:response))
  endif
  let s:completion = map(copy(l:items), {_, it -> {
  \ 'label': it.label, 'has_documentation': has_key(it, 'documentation')}})
  let s:completion_done = 1
endfunction

" :ALECodeAction asks which fix to apply with ale#util#Input(); answer as a
" user would, by typing the number of the quick fix.
runtime autoload/ale/util.vim
let s:prompts = []
function! ale#util#Input(message, value, ...) abort
  call add(s:prompts, a:message)
  let l:n = 0
  for l:line in split(a:message, "\n")
    let l:match = matchlist(l:line, '^\(\d\+\)) \(.*\)$')
    if !empty(l:match) && l:match[2] is# "Replace with 'Supported'"
      let l:n = str2nr(l:match[1])
    endif
  endfor
  return l:n ? string(l:n) : ''
endfunction

try
  execute 'edit' fnameescape($FD_FILE)
  let s:report.filetype = &filetype
  let s:report.linters = map(ale#linter#Get(&filetype), 'v:val.name')
  let s:report.omnifunc = &omnifunc

  " 1. ALE lints when the buffer is entered; wait for the finding.
  let s:report.diagnostics_arrived = s:Wait('s:HasFD201()')
  let s:report.diagnostics = s:Snapshot()

  " 2. Completion right after `Status: **` (ALE's own LSP request).
  let s:lnum = search('Status: \*\*', 'cw')
  let s:col = matchend(getline(s:lnum), 'Status: \*\*')
  let s:report.completion_position = [s:lnum - 1, s:col]
  call ale#lsp_linter#SendRequest(bufnr(''), 'featuredoc',
  \ ale#lsp#message#Completion(bufnr(''), s:lnum, s:col + 1, ''),
  \ function('s:OnCompletion'))
  call s:Wait('s:completion_done')
  let s:report.completion = s:completion

  " 3. :ALECodeAction on the finding, choosing the quick fix.
  for s:d in s:report.diagnostics
    if s:d.code is# 'FD201'
      call cursor(s:d.lnum, s:d.col)
    endif
  endfor
  ALECodeAction
  let s:fixed = s:Wait('stridx(getline(s:lnum), "**Supported**") >= 0')
  let s:report.code_action_prompts = s:prompts
  let s:report.line_after_fix = getline(s:lnum)

  " 4. Vim fires TextChanged when it is back in Normal mode after the edit
  "    (not by itself in Ex mode: fire it here); ALE lints the changed
  "    buffer, sending didChange, and the finding goes away.
  doautocmd <nomodeline> TextChanged
  let s:report.cleared = s:fixed && s:Wait('!s:HasFD201()')
  let s:report.diagnostics_after_fix = s:Snapshot()
catch
  call add(s:report.errors, v:exception . ' at ' . v:throwpoint)
endtry
call writefile([json_encode(s:report)], s:out)
ALEStopAllLSPs
qa!
