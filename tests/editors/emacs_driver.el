;;; emacs_driver.el --- drive Emacs + Eglot through editors/emacs/featuredoc.el  -*- lexical-binding: t; -*-
;; Run: emacs --batch -Q -l emacs_driver.el
;; Environment: FD_EDITORS_EMACS (directory of featuredoc.el), FD_FILE (the
;; feature document), FD_OUT (JSON report), FD_SERVER (JSON list: the server
;; command), FD_DIR_LOCALS (optional: a .dir-locals.el example to apply),
;; FD_TIMEOUT_MS.
(require 'json)
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path d))
(add-to-list 'load-path (getenv "FD_EDITORS_EMACS"))
(require 'featuredoc)
(require 'eglot)
(setq featuredoc-server-command (append (json-read-from-string (getenv "FD_SERVER")) nil))
(setq eglot-sync-connect 20 eglot-connect-timeout 30)
;; Trust the example .dir-locals.el without asking (batch mode cannot ask).
(setq enable-local-variables :all)

(defvar fd-timeout (/ (string-to-number (or (getenv "FD_TIMEOUT_MS") "20000")) 1000.0))
(defvar fd-report (list (cons 'errors nil)))
(defun fd-put (key value) (push (cons key value) fd-report))

(defun fd-wait (pred)
  "Spin the event loop until PRED returns non-nil or the timeout passes."
  (let ((deadline (+ (float-time) fd-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (and (funcall pred) t)))

(defun fd-diags ()
  "The Flymake diagnostics of the buffer, as Eglot made them."
  (flymake-start)
  (accept-process-output nil 0.01)
  (mapcar (lambda (d)
            (let* ((beg (flymake-diagnostic-beg d))
                   (end (flymake-diagnostic-end d))
                   (lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
              `((line . ,(1- (line-number-at-pos beg)))
                (column . ,(save-excursion (goto-char beg) (current-column)))
                (end_line . ,(1- (line-number-at-pos end)))
                (end_column . ,(save-excursion (goto-char end) (current-column)))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (text . ,(flymake-diagnostic-text d))
                (code . ,(plist-get lsp :code))
                (source . ,(plist-get lsp :source)))))
          (flymake-diagnostics)))

(defun fd-has (code)
  (cl-some (lambda (d) (equal (alist-get 'code d) code)) (fd-diags)))

(condition-case err
    (let* ((file (getenv "FD_FILE"))
           (dir-locals (getenv "FD_DIR_LOCALS")))
      (when (and dir-locals (> (length dir-locals) 0))
        (copy-file dir-locals
                   (expand-file-name ".dir-locals.el" (locate-dominating-file file ".git"))
                   t))
      (with-current-buffer (find-file-noselect file)
        (fd-put 'major_mode (symbol-name major-mode))
        (fd-put 'workspace_configuration (json-encode eglot-workspace-configuration))
        ;; The command Eglot picks for this buffer: featuredoc.el's entry in
        ;; `eglot-server-programs'.
        (let ((contact (eglot--guess-contact)))
          (fd-put 'contact (vconcat (nth 3 contact)))
          (apply #'eglot contact))
        (fd-put 'diagnostics_arrived (fd-wait (lambda () (fd-has "FD201"))))
        (fd-put 'diagnostics (vconcat (fd-diags)))
        ;; Completion at point after `Status: **', as M-TAB / C-M-i asks it.
        (goto-char (point-min))
        (re-search-forward "Status: \\*\\*")
        (fd-put 'completion_position
                (vector (1- (line-number-at-pos)) (current-column)))
        (let* ((capf (eglot-completion-at-point))
               (table (nth 2 capf))
               (labels (all-completions "" table)))
          (fd-put 'completion
                  (vconcat (mapcar (lambda (l) `((label . ,(substring-no-properties l))
                                                 (has_documentation
                                                  . ,(and (plist-get (get-text-property 0 'eglot--lsp-item l)
                                                                     :documentation)
                                                          t))))
                                   labels))))
        ;; The quick fix: M-x eglot-code-actions with the kind "quickfix" on
        ;; the finding (a single quick fix is applied without a menu).
        (let* ((d (cl-find "FD201" (flymake-diagnostics)
                           :key (lambda (d) (plist-get (cdr (assoc 'eglot-lsp-diag
                                                                   (flymake-diagnostic-data d)))
                                                       :code))
                           :test #'equal)))
          (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d)
                              "quickfix" t))
        (fd-put 'line_after_fix
                (save-excursion (goto-char (point-min)) (re-search-forward "Status: .*")
                                (match-string-no-properties 0)))
        ;; Idle timers do not run in batch mode: send the pending didChange
        ;; as Eglot's idle timer would.
        (eglot--signal-textDocument/didChange)
        (fd-put 'cleared (fd-wait (lambda () (not (fd-has "FD201")))))
        (fd-put 'diagnostics_after_fix (vconcat (fd-diags)))
        (eglot-shutdown (eglot-current-server))
        (set-buffer-modified-p nil)))
  (error (push (format "%S" err) (alist-get 'errors fd-report))))
(setf (alist-get 'errors fd-report) (vconcat (alist-get 'errors fd-report)))
(with-temp-file (getenv "FD_OUT")
  (insert (json-encode fd-report)))
(kill-emacs 0)
