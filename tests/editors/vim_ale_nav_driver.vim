" Drives Vim + ALE (the featuredoc set-up in editors/vim) through go to
" definition and find references on a feature document's title, and writes
" where ALE went and what it listed to the JSON file $FD_OUT.
" Run: vim -Nu editors/vim/vimrc -i NONE -es -S vim_ale_nav_driver.vim
let s:out = $FD_OUT
let s:timeout = empty($FD_TIMEOUT_MS) ? 20000 : str2nr($FD_TIMEOUT_MS)
let s:report = {'errors': []}

" Run a command until a condition holds: the folder is indexed in the background.
function! s:Until(command, cond) abort
  let l:waited = 0
  while l:waited < s:timeout
    execute a:command
    let l:step = 0
    while !eval(a:cond) && l:step < 2000
      sleep 50m
      let l:step += 50
    endwhile
    if eval(a:cond)
      return v:true
    endif
    let l:waited += l:step
  endwhile
  return v:false
endfunction

try
  execute 'edit' fnameescape($FD_FILE)
  let s:doc = bufnr('')
  call cursor(1, 5)
  " :ALEFindReferences into the quickfix list
  call s:Until('ALEFindReferences -quickfix', '!empty(getqflist())')
  let s:report.references = map(getqflist(), {_, q -> {
  \ 'file': fnamemodify(bufname(q.bufnr), ':t'), 'line': q.lnum - 1}})
  " :ALEGoToDefinition jumps to SUPPORT.md
  call s:Until('ALEGoToDefinition', 'expand("%:t") is# "SUPPORT.md"')
  let s:report.definition = {'file': expand('%:t'), 'line': line('.') - 1, 'text': getline('.')}
catch
  call add(s:report.errors, v:exception . ' at ' . v:throwpoint)
endtry
call writefile([json_encode(s:report)], s:out)
ALEStopAllLSPs
qa!
