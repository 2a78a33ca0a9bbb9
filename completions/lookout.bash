_lookout() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="lookout"
                ;;
            lookout,alertmanager)
                cmd="lookout__subcmd__alertmanager"
                ;;
            lookout,check)
                cmd="lookout__subcmd__check"
                ;;
            lookout,completions)
                cmd="lookout__subcmd__completions"
                ;;
            lookout,grade)
                cmd="lookout__subcmd__grade"
                ;;
            lookout,help)
                cmd="lookout__subcmd__help"
                ;;
            lookout,promql)
                cmd="lookout__subcmd__promql"
                ;;
            lookout,query)
                cmd="lookout__subcmd__query"
                ;;
            lookout,relabel)
                cmd="lookout__subcmd__relabel"
                ;;
            lookout,test)
                cmd="lookout__subcmd__test"
                ;;
            lookout,tsdb)
                cmd="lookout__subcmd__tsdb"
                ;;
            lookout__subcmd__alertmanager,alerts)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts"
                ;;
            lookout__subcmd__alertmanager,check)
                cmd="lookout__subcmd__alertmanager__subcmd__check"
                ;;
            lookout__subcmd__alertmanager,help)
                cmd="lookout__subcmd__alertmanager__subcmd__help"
                ;;
            lookout__subcmd__alertmanager,routes)
                cmd="lookout__subcmd__alertmanager__subcmd__routes"
                ;;
            lookout__subcmd__alertmanager,silence)
                cmd="lookout__subcmd__alertmanager__subcmd__silence"
                ;;
            lookout__subcmd__alertmanager,status)
                cmd="lookout__subcmd__alertmanager__subcmd__status"
                ;;
            lookout__subcmd__alertmanager,template)
                cmd="lookout__subcmd__alertmanager__subcmd__template"
                ;;
            lookout__subcmd__alertmanager__subcmd__alerts,add)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts__subcmd__add"
                ;;
            lookout__subcmd__alertmanager__subcmd__alerts,help)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__alerts,query)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts__subcmd__query"
                ;;
            lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help,add)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help__subcmd__add"
                ;;
            lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help,help)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help,query)
                cmd="lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help__subcmd__query"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,alerts)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,check)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__check"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,help)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,routes)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__routes"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,silence)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__silence"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,status)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__status"
                ;;
            lookout__subcmd__alertmanager__subcmd__help,template)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__template"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts,add)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts__subcmd__add"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts,query)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts__subcmd__query"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__routes,show)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__routes__subcmd__show"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__routes,test)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__routes__subcmd__test"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__silence,add)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__add"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__silence,expire)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__expire"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__silence,import)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__import"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__silence,query)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__query"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__silence,update)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__update"
                ;;
            lookout__subcmd__alertmanager__subcmd__help__subcmd__template,render)
                cmd="lookout__subcmd__alertmanager__subcmd__help__subcmd__template__subcmd__render"
                ;;
            lookout__subcmd__alertmanager__subcmd__routes,help)
                cmd="lookout__subcmd__alertmanager__subcmd__routes__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__routes,show)
                cmd="lookout__subcmd__alertmanager__subcmd__routes__subcmd__show"
                ;;
            lookout__subcmd__alertmanager__subcmd__routes,test)
                cmd="lookout__subcmd__alertmanager__subcmd__routes__subcmd__test"
                ;;
            lookout__subcmd__alertmanager__subcmd__routes__subcmd__help,help)
                cmd="lookout__subcmd__alertmanager__subcmd__routes__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__routes__subcmd__help,show)
                cmd="lookout__subcmd__alertmanager__subcmd__routes__subcmd__help__subcmd__show"
                ;;
            lookout__subcmd__alertmanager__subcmd__routes__subcmd__help,test)
                cmd="lookout__subcmd__alertmanager__subcmd__routes__subcmd__help__subcmd__test"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence,add)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__add"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence,expire)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__expire"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence,help)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence,import)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__import"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence,query)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__query"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence,update)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__update"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence__subcmd__help,add)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__add"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence__subcmd__help,expire)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__expire"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence__subcmd__help,help)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence__subcmd__help,import)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__import"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence__subcmd__help,query)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__query"
                ;;
            lookout__subcmd__alertmanager__subcmd__silence__subcmd__help,update)
                cmd="lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__update"
                ;;
            lookout__subcmd__alertmanager__subcmd__template,help)
                cmd="lookout__subcmd__alertmanager__subcmd__template__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__template,render)
                cmd="lookout__subcmd__alertmanager__subcmd__template__subcmd__render"
                ;;
            lookout__subcmd__alertmanager__subcmd__template__subcmd__help,help)
                cmd="lookout__subcmd__alertmanager__subcmd__template__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__alertmanager__subcmd__template__subcmd__help,render)
                cmd="lookout__subcmd__alertmanager__subcmd__template__subcmd__help__subcmd__render"
                ;;
            lookout__subcmd__check,config)
                cmd="lookout__subcmd__check__subcmd__config"
                ;;
            lookout__subcmd__check,dashboards)
                cmd="lookout__subcmd__check__subcmd__dashboards"
                ;;
            lookout__subcmd__check,grafana-provisioning)
                cmd="lookout__subcmd__check__subcmd__grafana__subcmd__provisioning"
                ;;
            lookout__subcmd__check,help)
                cmd="lookout__subcmd__check__subcmd__help"
                ;;
            lookout__subcmd__check,metrics)
                cmd="lookout__subcmd__check__subcmd__metrics"
                ;;
            lookout__subcmd__check,promql)
                cmd="lookout__subcmd__check__subcmd__promql"
                ;;
            lookout__subcmd__check,rules)
                cmd="lookout__subcmd__check__subcmd__rules"
                ;;
            lookout__subcmd__check,web-config)
                cmd="lookout__subcmd__check__subcmd__web__subcmd__config"
                ;;
            lookout__subcmd__check__subcmd__help,config)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__config"
                ;;
            lookout__subcmd__check__subcmd__help,dashboards)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__dashboards"
                ;;
            lookout__subcmd__check__subcmd__help,grafana-provisioning)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__grafana__subcmd__provisioning"
                ;;
            lookout__subcmd__check__subcmd__help,help)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__check__subcmd__help,metrics)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__metrics"
                ;;
            lookout__subcmd__check__subcmd__help,promql)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__promql"
                ;;
            lookout__subcmd__check__subcmd__help,rules)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__rules"
                ;;
            lookout__subcmd__check__subcmd__help,web-config)
                cmd="lookout__subcmd__check__subcmd__help__subcmd__web__subcmd__config"
                ;;
            lookout__subcmd__help,alertmanager)
                cmd="lookout__subcmd__help__subcmd__alertmanager"
                ;;
            lookout__subcmd__help,check)
                cmd="lookout__subcmd__help__subcmd__check"
                ;;
            lookout__subcmd__help,completions)
                cmd="lookout__subcmd__help__subcmd__completions"
                ;;
            lookout__subcmd__help,grade)
                cmd="lookout__subcmd__help__subcmd__grade"
                ;;
            lookout__subcmd__help,help)
                cmd="lookout__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__help,promql)
                cmd="lookout__subcmd__help__subcmd__promql"
                ;;
            lookout__subcmd__help,query)
                cmd="lookout__subcmd__help__subcmd__query"
                ;;
            lookout__subcmd__help,relabel)
                cmd="lookout__subcmd__help__subcmd__relabel"
                ;;
            lookout__subcmd__help,test)
                cmd="lookout__subcmd__help__subcmd__test"
                ;;
            lookout__subcmd__help,tsdb)
                cmd="lookout__subcmd__help__subcmd__tsdb"
                ;;
            lookout__subcmd__help__subcmd__alertmanager,alerts)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts"
                ;;
            lookout__subcmd__help__subcmd__alertmanager,check)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__check"
                ;;
            lookout__subcmd__help__subcmd__alertmanager,routes)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__routes"
                ;;
            lookout__subcmd__help__subcmd__alertmanager,silence)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__silence"
                ;;
            lookout__subcmd__help__subcmd__alertmanager,status)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__status"
                ;;
            lookout__subcmd__help__subcmd__alertmanager,template)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__template"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts,add)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts__subcmd__add"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts,query)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts__subcmd__query"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__routes,show)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__routes__subcmd__show"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__routes,test)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__routes__subcmd__test"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__silence,add)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__add"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__silence,expire)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__expire"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__silence,import)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__import"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__silence,query)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__query"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__silence,update)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__update"
                ;;
            lookout__subcmd__help__subcmd__alertmanager__subcmd__template,render)
                cmd="lookout__subcmd__help__subcmd__alertmanager__subcmd__template__subcmd__render"
                ;;
            lookout__subcmd__help__subcmd__check,config)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__config"
                ;;
            lookout__subcmd__help__subcmd__check,dashboards)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__dashboards"
                ;;
            lookout__subcmd__help__subcmd__check,grafana-provisioning)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__grafana__subcmd__provisioning"
                ;;
            lookout__subcmd__help__subcmd__check,metrics)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__metrics"
                ;;
            lookout__subcmd__help__subcmd__check,promql)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__promql"
                ;;
            lookout__subcmd__help__subcmd__check,rules)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__rules"
                ;;
            lookout__subcmd__help__subcmd__check,web-config)
                cmd="lookout__subcmd__help__subcmd__check__subcmd__web__subcmd__config"
                ;;
            lookout__subcmd__help__subcmd__promql,format)
                cmd="lookout__subcmd__help__subcmd__promql__subcmd__format"
                ;;
            lookout__subcmd__help__subcmd__promql,parse)
                cmd="lookout__subcmd__help__subcmd__promql__subcmd__parse"
                ;;
            lookout__subcmd__help__subcmd__query,instant)
                cmd="lookout__subcmd__help__subcmd__query__subcmd__instant"
                ;;
            lookout__subcmd__help__subcmd__query,labels)
                cmd="lookout__subcmd__help__subcmd__query__subcmd__labels"
                ;;
            lookout__subcmd__help__subcmd__query,range)
                cmd="lookout__subcmd__help__subcmd__query__subcmd__range"
                ;;
            lookout__subcmd__help__subcmd__query,series)
                cmd="lookout__subcmd__help__subcmd__query__subcmd__series"
                ;;
            lookout__subcmd__help__subcmd__test,promql)
                cmd="lookout__subcmd__help__subcmd__test__subcmd__promql"
                ;;
            lookout__subcmd__help__subcmd__test,rules)
                cmd="lookout__subcmd__help__subcmd__test__subcmd__rules"
                ;;
            lookout__subcmd__help__subcmd__tsdb,analyze)
                cmd="lookout__subcmd__help__subcmd__tsdb__subcmd__analyze"
                ;;
            lookout__subcmd__help__subcmd__tsdb,create-blocks-from)
                cmd="lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from"
                ;;
            lookout__subcmd__help__subcmd__tsdb,dump)
                cmd="lookout__subcmd__help__subcmd__tsdb__subcmd__dump"
                ;;
            lookout__subcmd__help__subcmd__tsdb,list)
                cmd="lookout__subcmd__help__subcmd__tsdb__subcmd__list"
                ;;
            lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from,openmetrics)
                cmd="lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__openmetrics"
                ;;
            lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from,rules)
                cmd="lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__rules"
                ;;
            lookout__subcmd__promql,format)
                cmd="lookout__subcmd__promql__subcmd__format"
                ;;
            lookout__subcmd__promql,help)
                cmd="lookout__subcmd__promql__subcmd__help"
                ;;
            lookout__subcmd__promql,parse)
                cmd="lookout__subcmd__promql__subcmd__parse"
                ;;
            lookout__subcmd__promql__subcmd__help,format)
                cmd="lookout__subcmd__promql__subcmd__help__subcmd__format"
                ;;
            lookout__subcmd__promql__subcmd__help,help)
                cmd="lookout__subcmd__promql__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__promql__subcmd__help,parse)
                cmd="lookout__subcmd__promql__subcmd__help__subcmd__parse"
                ;;
            lookout__subcmd__query,help)
                cmd="lookout__subcmd__query__subcmd__help"
                ;;
            lookout__subcmd__query,instant)
                cmd="lookout__subcmd__query__subcmd__instant"
                ;;
            lookout__subcmd__query,labels)
                cmd="lookout__subcmd__query__subcmd__labels"
                ;;
            lookout__subcmd__query,range)
                cmd="lookout__subcmd__query__subcmd__range"
                ;;
            lookout__subcmd__query,series)
                cmd="lookout__subcmd__query__subcmd__series"
                ;;
            lookout__subcmd__query__subcmd__help,help)
                cmd="lookout__subcmd__query__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__query__subcmd__help,instant)
                cmd="lookout__subcmd__query__subcmd__help__subcmd__instant"
                ;;
            lookout__subcmd__query__subcmd__help,labels)
                cmd="lookout__subcmd__query__subcmd__help__subcmd__labels"
                ;;
            lookout__subcmd__query__subcmd__help,range)
                cmd="lookout__subcmd__query__subcmd__help__subcmd__range"
                ;;
            lookout__subcmd__query__subcmd__help,series)
                cmd="lookout__subcmd__query__subcmd__help__subcmd__series"
                ;;
            lookout__subcmd__test,help)
                cmd="lookout__subcmd__test__subcmd__help"
                ;;
            lookout__subcmd__test,promql)
                cmd="lookout__subcmd__test__subcmd__promql"
                ;;
            lookout__subcmd__test,rules)
                cmd="lookout__subcmd__test__subcmd__rules"
                ;;
            lookout__subcmd__test__subcmd__help,help)
                cmd="lookout__subcmd__test__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__test__subcmd__help,promql)
                cmd="lookout__subcmd__test__subcmd__help__subcmd__promql"
                ;;
            lookout__subcmd__test__subcmd__help,rules)
                cmd="lookout__subcmd__test__subcmd__help__subcmd__rules"
                ;;
            lookout__subcmd__tsdb,analyze)
                cmd="lookout__subcmd__tsdb__subcmd__analyze"
                ;;
            lookout__subcmd__tsdb,create-blocks-from)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from"
                ;;
            lookout__subcmd__tsdb,dump)
                cmd="lookout__subcmd__tsdb__subcmd__dump"
                ;;
            lookout__subcmd__tsdb,help)
                cmd="lookout__subcmd__tsdb__subcmd__help"
                ;;
            lookout__subcmd__tsdb,list)
                cmd="lookout__subcmd__tsdb__subcmd__list"
                ;;
            lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from,help)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help"
                ;;
            lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from,openmetrics)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__openmetrics"
                ;;
            lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from,rules)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__rules"
                ;;
            lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help,help)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help,openmetrics)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help__subcmd__openmetrics"
                ;;
            lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help,rules)
                cmd="lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help__subcmd__rules"
                ;;
            lookout__subcmd__tsdb__subcmd__help,analyze)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__analyze"
                ;;
            lookout__subcmd__tsdb__subcmd__help,create-blocks-from)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from"
                ;;
            lookout__subcmd__tsdb__subcmd__help,dump)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__dump"
                ;;
            lookout__subcmd__tsdb__subcmd__help,help)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__help"
                ;;
            lookout__subcmd__tsdb__subcmd__help,list)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__list"
                ;;
            lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from,openmetrics)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from__subcmd__openmetrics"
                ;;
            lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from,rules)
                cmd="lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from__subcmd__rules"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        lookout)
            opts="-h -V --enable-feature --help --version check promql test tsdb query relabel grade alertmanager completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager)
            opts="-h -V --enable-feature --help --version check routes template alerts silence status help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts)
            opts="-h -V --enable-feature --help --version query add help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts__subcmd__add)
            opts="-o -h -V --alertmanager.url --http.config.file --output --timeout --date.format --annotation --start --end --generator-url --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --annotation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --generator-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help)
            opts="query add help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts__subcmd__help__subcmd__query)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__alerts__subcmd__query)
            opts="-o -a -s -i -u -r -h -V --alertmanager.url --http.config.file --output --timeout --date.format --active --silenced --inhibited --unprocessed --receiver --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --receiver)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -r)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__check)
            opts="-o -h -V --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help)
            opts="check routes template alerts silence status help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts)
            opts="query add"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__alerts__subcmd__query)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__routes)
            opts="show test"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__routes__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__routes__subcmd__test)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__silence)
            opts="add query expire update import"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__expire)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__query)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__silence__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__template)
            opts="render"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__help__subcmd__template__subcmd__render)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes)
            opts="-h -V --config.file --alertmanager.url --enable-feature --help --version show test help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes__subcmd__help)
            opts="show test help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes__subcmd__help__subcmd__test)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes__subcmd__show)
            opts="-h -V --config.file --alertmanager.url --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__routes__subcmd__test)
            opts="-h -V --verify.receivers --verify.grouping --at --inhibited-by --tree --test-file --config.file --alertmanager.url --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --verify.receivers)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --verify.grouping)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --inhibited-by)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --test-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence)
            opts="-h -V --enable-feature --help --version add query expire update import help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__add)
            opts="-o -a -c -d -h -V --alertmanager.url --http.config.file --output --timeout --date.format --author --comment --duration --start --end --require-comment --annotation --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --author)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -a)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --comment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --require-comment)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --annotation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__expire)
            opts="-o -h -V --alertmanager.url --http.config.file --output --timeout --date.format --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help)
            opts="add query expire update import help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__expire)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__query)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__help__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__import)
            opts="-o -f -w -h -V --alertmanager.url --http.config.file --output --timeout --date.format --force --worker --workers --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --workers)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --worker)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -w)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__query)
            opts="-o -q -h -V --alertmanager.url --http.config.file --output --timeout --date.format --expired --within --id --created-by --quiet --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --within)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --created-by)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__silence__subcmd__update)
            opts="-o -d -c -q -h -V --alertmanager.url --http.config.file --output --timeout --date.format --duration --start --end --comment --quiet --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --comment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__status)
            opts="-o -h -V --alertmanager.url --http.config.file --output --timeout --date.format --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --alertmanager.url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "simple extended json" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --date.format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__template)
            opts="-h -V --enable-feature --help --version render help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__template__subcmd__help)
            opts="render help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__template__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__template__subcmd__help__subcmd__render)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__alertmanager__subcmd__template__subcmd__render)
            opts="-o -h -V --template.glob --template.text --template.type --template.data --receiver --config.file --alert --resolved-alert --annotation --at --web.external-url --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --template.glob)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template.text)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template.type)
                    COMPREPLY=($(compgen -W "text html" -- "${cur}"))
                    return 0
                    ;;
                --template.data)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --receiver)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --alert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --resolved-alert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --annotation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --web.external-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check)
            opts="-h -V --enable-feature --help --version promql rules config web-config metrics dashboards grafana-provisioning help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__config)
            opts="-o -h -V --syntax-only --agent --lint --lint-fatal --print --query.lookback-delta --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --lint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --query.lookback-delta)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__dashboards)
            opts="-o -c -h -V --output --strict --config --metrics --rules --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metrics)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__grafana__subcmd__provisioning)
            opts="-o -h -V --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help)
            opts="promql rules config web-config metrics dashboards grafana-provisioning help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__dashboards)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__grafana__subcmd__provisioning)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__metrics)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__promql)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__help__subcmd__web__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__metrics)
            opts="-o -h -V --extended --lint --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --lint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__promql)
            opts="-f -o -h -V --file --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__rules)
            opts="-o -h -V --lint --lint-fatal --ignore-unknown-fields --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --lint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__check__subcmd__web__subcmd__config)
            opts="-o -h -V --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json github junit sarif" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__completions)
            opts="-h -V --enable-feature --help --version bash zsh fish elvish powershell"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__grade)
            opts="-o -j -q -h -V --challenge --rubric --run-app --output --jobs --quiet --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --challenge)
                    COMPREPLY=($(compgen -W "monitoring-stack logging-stack distributed-tracing" -- "${cur}"))
                    return 0
                    ;;
                --rubric)
                    COMPREPLY=($(compgen -W "readme runpy runpy-substring" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json csv" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json csv" -- "${cur}"))
                    return 0
                    ;;
                --jobs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help)
            opts="check promql test tsdb query relabel grade alertmanager completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager)
            opts="check routes template alerts silence status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts)
            opts="query add"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__alerts__subcmd__query)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__routes)
            opts="show test"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__routes__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__routes__subcmd__test)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__silence)
            opts="add query expire update import"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__expire)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__query)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__silence__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__template)
            opts="render"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__alertmanager__subcmd__template__subcmd__render)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check)
            opts="promql rules config web-config metrics dashboards grafana-provisioning"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__dashboards)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__grafana__subcmd__provisioning)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__metrics)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__promql)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__check__subcmd__web__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__grade)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__promql)
            opts="format parse"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__promql__subcmd__format)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__promql__subcmd__parse)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__query)
            opts="instant range series labels"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__query__subcmd__instant)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__query__subcmd__labels)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__query__subcmd__range)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__query__subcmd__series)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__relabel)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__test)
            opts="promql rules"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__test__subcmd__promql)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__test__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb)
            opts="dump list analyze create-blocks-from"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb__subcmd__analyze)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from)
            opts="openmetrics rules"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__openmetrics)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb__subcmd__dump)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__help__subcmd__tsdb__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql)
            opts="-h -V --enable-feature --help --version format parse help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql__subcmd__format)
            opts="-h -V --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql__subcmd__help)
            opts="format parse help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql__subcmd__help__subcmd__format)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql__subcmd__help__subcmd__parse)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__promql__subcmd__parse)
            opts="-o -h -V --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -W "json tree" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "json tree" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query)
            opts="-h -V --enable-feature --help --version instant range series labels help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__help)
            opts="instant range series labels help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__help__subcmd__instant)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__help__subcmd__labels)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__help__subcmd__range)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__help__subcmd__series)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__instant)
            opts="-o -h -V --server --tsdb --output --header --http.config.file --bearer-token-file --basic-auth --tls.ca-file --tls.cert-file --tls.key-file --tls.insecure-skip-verify --timeout --query.lookback-delta --time --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsdb)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bearer-token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --basic-auth)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.cert-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --query.lookback-delta)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --time)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__labels)
            opts="-o -h -V --server --tsdb --output --header --http.config.file --bearer-token-file --basic-auth --tls.ca-file --tls.cert-file --tls.key-file --tls.insecure-skip-verify --timeout --query.lookback-delta --match --start --end --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsdb)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bearer-token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --basic-auth)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.cert-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --query.lookback-delta)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__range)
            opts="-o -h -V --server --tsdb --output --header --http.config.file --bearer-token-file --basic-auth --tls.ca-file --tls.cert-file --tls.key-file --tls.insecure-skip-verify --timeout --query.lookback-delta --start --end --step --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsdb)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bearer-token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --basic-auth)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.cert-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --query.lookback-delta)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --step)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__query__subcmd__series)
            opts="-o -h -V --server --tsdb --output --header --http.config.file --bearer-token-file --basic-auth --tls.ca-file --tls.cert-file --tls.key-file --tls.insecure-skip-verify --timeout --query.lookback-delta --match --start --end --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsdb)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv chart" -- "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bearer-token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --basic-auth)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.cert-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls.key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --query.lookback-delta)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__relabel)
            opts="-o -h -V --config --job --metric --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --job)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test)
            opts="-h -V --enable-feature --help --version promql rules help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test__subcmd__help)
            opts="promql rules help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test__subcmd__help__subcmd__promql)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test__subcmd__help__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test__subcmd__promql)
            opts="-o -h -V --run --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --run)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json junit" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json junit" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__test__subcmd__rules)
            opts="-o -j -h -V --run --junit --output --ignore-unknown-fields --debug --diff --jobs --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --run)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json junit" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json junit" -- "${cur}"))
                    return 0
                    ;;
                --jobs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb)
            opts="-h -V --enable-feature --help --version dump list analyze create-blocks-from help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__analyze)
            opts="-o -h -V --limit --extended --match --output --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table promtool json" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table promtool json" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from)
            opts="-h -V --enable-feature --help --version openmetrics rules help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help)
            opts="openmetrics rules help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help__subcmd__openmetrics)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__help__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__openmetrics)
            opts="-r -q -h -V --human-readable --quiet --max-block-duration --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --max-block-duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__create__subcmd__blocks__subcmd__from__subcmd__rules)
            opts="-r -q -h -V --url --tsdb --http.config.file --start --end --output-dir --eval-interval --max-block-duration --human-readable --quiet --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsdb)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http.config.file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --end)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eval-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-block-duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__dump)
            opts="-h -V --min-time --max-time --match --format --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --min-time)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-time)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "promtool openmetrics" -- "${cur}"))
                    return 0
                    ;;
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help)
            opts="dump list analyze create-blocks-from help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__analyze)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from)
            opts="openmetrics rules"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from__subcmd__openmetrics)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__create__subcmd__blocks__subcmd__from__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__dump)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        lookout__subcmd__tsdb__subcmd__list)
            opts="-r -h -V --human-readable --enable-feature --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --enable-feature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _lookout -o nosort -o bashdefault -o default lookout
else
    complete -F _lookout -o bashdefault -o default lookout
fi
