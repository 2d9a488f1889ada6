" contrib/rampart.vim - Vim syntax for rampart's proxy.conf.
"
" Install: cp contrib/rampart.vim ~/.vim/syntax/rampart.vim and add to
" ~/.vimrc:
"   autocmd BufRead,BufNewFile proxy.conf,*/rampart/*.conf set filetype=rampart

if exists("b:current_syntax")
    finish
endif

syntax match   rampartComment    "\(^\|\s\)\zs#.*$" contains=@Spell
syntax region  rampartString     start=+"+ skip=+\\\\\|\\"+ end=+"+ contains=rampartVariable,rampartEscape
syntax region  rampartString     start=+'+ skip=+\\\\\|\\'+ end=+'+ contains=rampartVariable,rampartEscape
syntax match   rampartEscape     "\\." contained
syntax match   rampartVariable   "\$\w\+\|\${\w\+}"
syntax match   rampartBlock      "[{}]"
syntax match   rampartSemicolon  ";"
syntax match   rampartNumber     "\<\d\+\(ms\|[kKmMgGshdwy]\)\?\>"
syntax match   rampartNumber     "\<\(\d\+\(ms\|[smhdwMy]\)\)\+\>"
syntax keyword rampartBoolean    on off auto
syntax keyword rampartLevel      debug info notice warn error crit alert emerg

" Directives: the first word of a statement.
syntax keyword rampartBlockDirective events http server
syntax keyword rampartDirective  worker_processes worker_rlimit_nofile
syntax keyword rampartDirective  worker_shutdown_timeout user pid error_log
syntax keyword rampartDirective  daemon include worker_connections
syntax keyword rampartDirective  multi_accept listen
syntax keyword rampartListenOpt  default_server reuseport
syntax match   rampartListenOpt  "\<\(backlog\|ipv6only\)="me=e-1

highlight default link rampartComment        Comment
highlight default link rampartString         String
highlight default link rampartEscape         SpecialChar
highlight default link rampartVariable       Identifier
highlight default link rampartBlock          Delimiter
highlight default link rampartSemicolon      Delimiter
highlight default link rampartNumber         Number
highlight default link rampartBoolean        Boolean
highlight default link rampartLevel          Constant
highlight default link rampartBlockDirective Statement
highlight default link rampartDirective      Keyword
highlight default link rampartListenOpt      Type

let b:current_syntax = "rampart"
