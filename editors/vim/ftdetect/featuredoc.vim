" Feature documents: docs/features/*.pandoc, *.md and *.markdown, any *.pandoc, SUPPORT.md.
" `set filetype` (not `setfiletype`) so that it wins over the built-in
" pandoc and markdown detection.
autocmd BufNewFile,BufRead *.pandoc,*/docs/features/*.md,*/docs/features/*.markdown,SUPPORT.md set filetype=featuredoc
