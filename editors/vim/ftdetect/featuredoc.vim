" Feature documents: docs/features/*.pandoc and *.md, any *.pandoc, SUPPORT.md.
" `set filetype` (not `setfiletype`) so that it wins over the built-in
" pandoc and markdown detection.
autocmd BufNewFile,BufRead *.pandoc,*/docs/features/*.md,SUPPORT.md set filetype=featuredoc
