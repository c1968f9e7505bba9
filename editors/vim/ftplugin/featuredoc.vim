" Feature documents are Markdown/pandoc text: reuse the Markdown settings.
if exists('b:did_ftplugin')
  finish
endif
runtime! ftplugin/markdown.vim ftplugin/markdown_*.vim ftplugin/markdown/*.vim
let b:did_ftplugin = 1
" Markdown borrows HTML's omni completion; leave 'omnifunc' to the language
" client instead (Neovim's LSP client fills an empty one; ALE's is set in vimrc).
setlocal omnifunc=
let b:undo_ftplugin = get(b:, 'undo_ftplugin', '') . (exists('b:undo_ftplugin') ? '|' : '') . 'setlocal omnifunc<'
