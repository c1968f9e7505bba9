;;; emacs_nav_driver.el --- go to definition and find references through Eglot  -*- lexical-binding: t; -*-
;; Run: emacs --batch -Q -l emacs_nav_driver.el, with the environment of
;; emacs_driver.el (FD_EDITORS_EMACS, FD_FILE, FD_OUT, FD_SERVER, FD_TIMEOUT_MS).
;; Asks what M-. and M-? ask (xref, through Eglot's backend) on the title.
(require 'json)
(require 'xref)
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path d))
(add-to-list 'load-path (getenv "FD_EDITORS_EMACS"))
(require 'featuredoc)
(require 'eglot)
(setq featuredoc-server-command (append (json-read-from-string (getenv "FD_SERVER")) nil))
(setq eglot-sync-connect 20 eglot-connect-timeout 30)

(defvar fd-timeout (/ (string-to-number (or (getenv "FD_TIMEOUT_MS") "20000")) 1000.0))
(defvar fd-report (list (cons 'errors nil)))
(defun fd-put (key value) (push (cons key value) fd-report))

(defun fd-places (items)
  "ITEMS (xref items) as (file line) pairs."
  (vconcat (mapcar (lambda (item)
                     (let ((loc (xref-item-location item)))
                       `((file . ,(file-name-nondirectory (xref-location-group loc)))
                         (line . ,(1- (xref-location-line loc))))))
                   items)))

(defun fd-until (ask)
  "Call ASK until it answers non-nil (the folder is indexed in the background)."
  (let ((deadline (+ (float-time) fd-timeout)) (found nil))
    (while (and (not (setq found (funcall ask))) (< (float-time) deadline))
      (accept-process-output nil 0.2))
    found))

(condition-case err
    (with-current-buffer (find-file-noselect (getenv "FD_FILE"))
      (apply #'eglot (eglot--guess-contact))
      (goto-char (point-min))
      (search-forward "Cré")
      (let ((id (xref-backend-identifier-at-point 'eglot)))
        (fd-put 'definitions
                (fd-places (fd-until (lambda () (xref-backend-definitions 'eglot id)))))
        (fd-put 'references
                (fd-places (fd-until (lambda () (xref-backend-references 'eglot id))))))
      (eglot-shutdown (eglot-current-server)))
  (error (push (format "%S" err) (alist-get 'errors fd-report))))
(setf (alist-get 'errors fd-report) (vconcat (alist-get 'errors fd-report)))
(with-temp-file (getenv "FD_OUT")
  (insert (json-encode fd-report)))
(kill-emacs 0)
