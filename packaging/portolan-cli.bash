# bash completion for portolan-cli
_portolan_cli()
{
    local cur prev words cword
    _init_completion || return
    local commands="validate suggest export import convert print drift init-db --help --version"
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
    fi
    case ${words[1]} in
        export) [[ $cword -eq 2 ]] && { COMPREPLY=($(compgen -W "markdown compose" -- "$cur")); return; } ;;
        import) [[ $cword -eq 2 ]] && { COMPREPLY=($(compgen -W "compose markdown" -- "$cur")); return; } ;;
    esac
    case $prev in
        --format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
        --proxy) COMPREPLY=($(compgen -W "traefik caddy" -- "$cur")); return ;;
        --protocol) COMPREPLY=($(compgen -W "tcp udp both" -- "$cur")); return ;;
        --page-size) COMPREPLY=($(compgen -W "A4 Letter" -- "$cur")); return ;;
        --proc) _filedir -d; return ;;
        --device|--category|--service|--count|--db) return ;;
        --out|--into|--env-file|--docker) _filedir; return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--help --db --device --category --count --protocol --format --proxy --service --into --env-file --dry-run --out --page-size --landscape --proc --docker --allow-registered" -- "$cur"))
        return
    fi
    _filedir '@(yaml|yml|portolan|md|pdf)'
}
complete -F _portolan_cli portolan-cli
