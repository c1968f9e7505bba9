" Feature documents are Markdown/pandoc text: reuse the Markdown settings.
if exists('b:did_ftplugin')
  finish
endif
runtime! ftplugin/markdown.vim ftplugin/markdown_*.vim ftplugin/markdown/*.vim
let b:did_ftplugin = 1
