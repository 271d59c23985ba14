"""What a timeline row tells, in the other languages teams write their reports in.

:mod:`pmkb.importers.timeline` decides which row is the detection, the response, the end of
impact or the close from English words. Reports written in Chinese, Japanese, Korean,
Spanish, French, German or Portuguese tell the same things in their own words; this table
holds them, one meaning at a time and one language a line, and :func:`other_languages` gives
a meaning's words as a regular expression that the English one takes beside its own words,
so that every rule built on it (what comes first, what is negated, what is still under way)
reads them the same way.

Entries are regular expressions. Words of Chinese, Japanese and Korean are found anywhere in
a run of letters, since the first two have no spaces between words and Korean joins its
endings to them ("복구되었습니다"); the other languages' words start and end at a word's edge,
with ``\\w*`` where any ending will do. None of the other languages' entries may match an
English word, so that English rows read exactly as without them: where a stem is shared
("detect", "alert", "revert"), the English pattern already reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Languages whose words are found anywhere in a run of letters (see the module's docstring).
_UNSPACED = ("zh", "ja", "ko")

#: Japanese negative endings after a verb's stem and up to four kana: "復旧していない",
#: "検知できなかった", "気づかず".
_JA_NOT = r"[\u3040-\u309f]{0,4}?(?:ない|なかった|ず|ません)"
#: The words of detection, of the end of impact and of the close that a negation denies, by
#: language: "未恢复", "no se detectó", "nicht behoben".
_ZH_DENIED = r"(?:发现|检测到?|监测到?|察觉|注意到|告警|报警|警报|恢复|修复|解决|生效|回落)"
_JA_DENIED = r"(?:検知|検出|発見|気づ|気付|発報|通知|復旧|回復|解消|収束|正常化)"
_KO_DENIED = r"(?:감지|탐지|발견|인지|알림|복구|회복|해결|해소|정상화)"
_ES_DENIED = (
    r"(?:detect|alert|alarm|avis|notific|percat|recuper|restablec|resuel|resolv|solucion|"
    r"normaliz)\w*"
)
_FR_DENIED = r"(?:détect|detect|alert|alarm|signal|remarqu|rétabli|retabli|résolu|récupér|restauré|corrig)\w*"
_DE_DENIED = (
    r"(?:behoben|gelöst|erkannt|bemerkt|entdeckt|gemeldet|wiederhergestellt|erholt|"
    r"ausgelöst|alarm\w*|warnung\w*|meldung\w*|benachrichtig\w*)"
)
_PT_DENIED = (
    r"(?:detect|detet|alert|alarm|avis|notific|perceb|recuper|restabelec|resolv|normaliz)\w*"
)

#: What the responders themselves tried, named as such (English "the fix", "the hotfix", "the
#: workaround", "the mitigation"), by language; a revert of it undoes their own attempt.
#: What "恢复" puts back when the team reverts a change: "恢复配置", "恢复了原来的设置",
#: "恢复旧版本参数". Impact seen to end is told of a service or a rate: "服务恢复", "恢复正常".
_ZH_SETTING_PUT_BACK = r"了?(?:原有?的?|原来的?|旧的?|之前的?)?(?:配置|设置|参数)"
_ZH_OWN_FIX = r"(?:热修复|修复补丁|修复版本|补丁|临时方案|缓解措施|止损措施|变通方案)"
_JA_OWN_FIX = r"(?:修正(?:版|パッチ)?|パッチ|ホットフィックス|暫定対応|暫定対策|回避策)"
_KO_OWN_FIX = r"(?:수정(?:\s*사항|\s*패치)?|패치|핫픽스|임시\s*조치|우회\s*조치)"
_ES_OWN_FIX = r"(?:corrección|parche|arreglo|solución\s+temporal|mitigación)"
_FR_OWN_FIX = r"(?:correctif|correction|contournement|mitigation)"
_DE_OWN_FIX = r"(?:korrektur\w*|gegenmaßnahme\w*|behelfslösung\w*|notlösung\w*|fehlerbehebung)"
_PT_OWN_FIX = r"(?:correção|contorno|mitigação|paliativo)"
#: German writers also call their attempt by the English words ("den Hotfix zurückgerollt").
_DE_OWN_FIX_OR_ENGLISH = rf"(?:fix|hotfix|patch|workaround|{_DE_OWN_FIX})"
#: A third party asked for help (English "the provider", "the vendor", "the hosting company").
_ES_OUTSIDE = r"(?:proveedor\w*|fabricante\w*|operador(?:a|es)?|empresa\s+de\s+hosting)"
_FR_OUTSIDE = r"(?:hébergeur|fournisseur|prestataire|opérateur|éditeur|constructeur)s?"
_DE_OUTSIDE = (
    r"(?:provider|anbieter|cloud-?anbieter|hosting-?anbieter|hoster|dienstleister|hersteller|"
    r"lieferanten?|rechenzentrum)s?"
)
_PT_OUTSIDE = r"(?:provedor|fornecedor|fabricante|operadora|empresa\s+de\s+hospedagem)(?:es|s)?"

#: A notice that reached the team: "エラー通知が届いた", "監視通知あり", "通知を受信"; never one
#: that did not ("通知が届いていない", "通知が届きません": the sent notices are the impact).
JA_NOTICE_ARRIVED = (
    r"通知(?:が|を|も)?(?:届い(?![てた]?い?な)|届き(?!ませ)|来た|来まし|あり|有り|受信|受け|鳴)"
)

#: The people who use a service and tell the team something is wrong (English "customers",
#: "users", "drivers", "the stores"), in Chinese and Korean.
_ZH_REPORTERS = r"(?:用户|客户|顾客|门店|商户|商家|司机|骑手|现场|乘客|会员|一线)"
_KO_REPORTERS = r"(?:사용자|이용자|고객|매장|점포|현장|기사|회원|가맹점)"
#: Korean "보고" (a report) as a noun, and "연락" (a call): never "보고서" (the report written)
#: nor the verb "보고" (seeing, "대시보드를 보고 확인").
_KO_REPORT = r"(?:보고(?=\s*$|[가를됨되했함합.,。]|\s*접수)|연락(?!처))"

ROW_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    # An alert, a report or news reaching the team: English "alert fired", "detected",
    # "noticed", "customer reports".
    "detection": {
        "zh": (
            *("告警", "报警", "警报", "察觉", "注意到", "检测到", "监测到", "探测到"),
            # "发现" (found) detects, unless investigation found it: "排查发现 ..." is diagnosis.
            r"(?<!排查)(?<!调查)(?<!分析)(?<!定位)(?<!检查)发现",
            # "反映" (users reported) is left out: in Japanese it is a change applied.
            *("反馈", "投诉", "报障", "上报"),
            # A notice received: "值班收到通知", "接到告警通知".
            r"(?:收到|接到)[^，。,；]{0,8}?通知",
            # A report or a call reaching the team: "用户报告无法支付", "门店联系客服", "收到司机的
            # 报告", "接到门店电话". The people who use the service as its subject, or a report
            # received; never the team writing one ("编写故障报告") or calling others ("联系相关团队",
            # "向用户报告进展").
            rf"(?<![向给对]){_ZH_REPORTERS}(?:们)?(?:的)?(?:报告|来电|致电|联系)(?!书|文档|模板)",
            r"(?:收到|接到)[^，。,；]{0,10}?(?:报告|来电|电话|联系)(?!书|文档|模板)",
        ),
        "ja": (
            *("アラート", "警報", "発報", "検知", "検出", "発見", "気づ", "気付", "発覚"),
            # "通知サービス" is a notification service, no notice; nor is a noun ending in 通知,
            # the thing a service sends ("予約通知の送信が滞る": booking notifications, a
            # particle or more kana after it), unless one arrives or is there: "エラー通知が
            # 届いた", "監視通知あり". Chinese "云厂商通知我们" (notified us) goes on with its object;
            # a noun of sending or handling after it is still the service's output ("予約通知送信",
            # "通知配信", "通知发送": the notifications being sent).
            r"(?:(?<![\u3400-\u9fff\u30a0-\u30ff])通知|通知(?=[\u3400-\u9fff]))"
            r"(?!サービス|基盤|システム|送信|配信|送付|発送|処理|機能|設定|发送|推送|处理)",
            JA_NOTICE_ARRIVED,
            *("問い合わせ", "問合せ", "通報", "申告", "苦情", "エスカレーション"),
            # A report or a call reaching the team, from where it came: "店舗から報告",
            # "ユーザーからの報告", "現場から印刷できないと連絡"; or received: "報告を受け", "連絡あり".
            # Never the team writing one ("障害報告書を作成") or telling others ("関係者に連絡"): no
            # から or より (never one after a time: "10時から関係者に連絡") and nothing received.
            r"(?<![0-9０-９時分頃])(?:から|より)(?:の)?(?:[^。、，,に]{0,30}?(?:と|との))?(?:報告|連絡)(?!書)",
            r"(?:報告|連絡)(?:が|を)?(?:あり|有り|受け|受信|入っ|入り|入る|届)",
        ),
        "ko": (
            *("알람", "경보", "감지", "탐지", "발견", "인지", "신고", "문의", "제보"),
            # "알림" is an alert and a notification both: "알림 발송 워커" (the notification
            # sender) and "알림 지연" (notifications late) are the service, no detection. An
            # alert is one that fires or arrives, or one of monitoring or of a measure.
            r"(?:모니터링|장애|오류율?|에러율?|실패율?|지연|임계(?:치|값)?|경고|호출|당직)\s*알림",
            r"알림(?:이|가|을|를)?\s*(?:발생|수신|전달|울|도착|트리거|받)",
            r"알림(?:이|가)\s*(?:발송|왔|옴|뜸|떴)",
            # A report or a call reaching the team, from where it came ("사용자로부터 보고", "매장에서
            # 연락", "고객 연락") or received ("보고 접수", "연락을 받음"); never the team writing one
            # ("장애 보고서 작성") or telling others ("관계자에게 연락"). "보고" is also "seeing"
            # ("로그를 보고 재시작"): only as a noun, before a particle, 접수 or the row's end.
            rf"(?:{_KO_REPORTERS}|로부터|에게서|한테서|에서)\s*(?:의\s*)?"
            r"(?:(?:(?!에게|한테|께)[^.。,，]){0,30}?\s)?"
            rf"{_KO_REPORT}",
            rf"{_KO_REPORT}(?:이|가|을|를)?\s*(?:접수|들어|왔|옴|받)",
        ),
        "es": (
            r"avis(?:a|an|ó|aron|o|ado|ada)",
            r"notific(?:a|an|ó|aron|ado|ada|ación)",
            r"se\s+not(?:a|an|ó|aron)",
            r"(?:advirti|advierte)\w*",
            r"(?:descubr|descubiert)\w*",
            r"se\s+(?:dio|dan|da)\s+cuenta",
            r"percat\w*",
            r"quejas?",
            r"reclam(?:a|an|ó|aron|o|os|ación|aciones)",
            r"(?:inform|comunic)(?:a|an|ó|aron)",
        ),
        "fr": (
            r"détect\w*",
            r"signal(?:e|ent|é|ée|és|ées)",
            r"remarqu\w*",
            r"(?:s['’]\s*)?aperç\w*",
            r"plaintes?",
            r"réclamations?",
            r"(?:prévenu|prévien)\w*",
            r"avertissements?",
            r"rapport(?:e|ent|é|ée)",
            r"découv\w*",
        ),
        "de": (
            *(r"erkannt", r"erkennt", r"bemerkt", r"entdeckt", r"festgestellt"),
            *(r"gemeldet", r"meldet", r"melden", r"meldung\w*", r"warnung\w*"),
            *(r"beschwer\w*", r"benachrichtig\w*", r"aufmerksam"),
        ),
        "pt": (
            r"detet\w*",
            r"avis(?:a|ou|aram|o|ado)",
            r"notific(?:a|am|ou|aram|ado|ada|ação)",
            r"perceb\w*",
            r"reclama(?:m|ou|ram|ção|ções)?",
            r"(?:descobr|descobert)\w*",
            r"(?:inform|comunic)(?:a|am|ou|aram)",
            r"chamados?",
        ),
    },
    # The response beginning: English "acknowledged", "started investigating", "war room".
    "response": {
        "zh": (
            r"(?:开始|着手|启动)(?:排查|处理|调查|响应|应急|定位|分析|止损)",
            r"(?:值班|工程师|负责人|团队|同事)\S{0,4}?(?:介入|响应|接手|认领)",
            r"(?:拉起?|成立|建立)(?:了)?(?:应急|故障|作战)(?:群|小组|会议)",
            *("作战室", "应急响应", "确认告警", "认领告警"),
        ),
        "ja": (
            r"(?:対応|調査|切り分け|原因調査|確認)(?:を|に)?(?:開始|着手|始め)",
            r"(?:担当者|当番|オンコール|エンジニア)(?:が|は)?(?:対応|参加|応答)",
            r"インシデント(?:を)?(?:宣言|起票)",
            *("対策本部", "初動"),
        ),
        "ko": (
            r"(?:대응|조사|분석|확인)(?:을|를)?\s*(?:시작|착수|개시)",
            r"(?:장애|인시던트)\s*(?:선언|등록)",
            *("상황실", "워\\s*룸"),
        ),
        "es": (
            r"(?:comienz|empiez|empez|inici)\w*\s+(?:a\s+|la\s+|el\s+)?(?:investig|diagn|anális|analiz|respuesta|atención)\w*",
            r"investigación\s+(?:iniciada|en marcha)",
            r"(?:se\s+)?declar\w*\s+(?:el\s+|un\s+)?incidente",
            r"incidente\s+declarado",
            r"reconoc\w*\s+(?:la\s+|el\s+)?(?:alerta|alarma|aviso|incidente)",
            r"(?:guardia|equipo|ingenier\w*)\s+(?:se\s+)?(?:responde|atiende|asume|toma)\w*",
            r"sala\s+de\s+(?:crisis|guerra)",
        ),
        "fr": (
            r"(?:pris\w*|prend\w*)\s+en\s+charge",
            r"acquitté\w*|acquittement",
            r"cellule\s+de\s+crise",
            r"(?:début|lancement)\s+de\s+l['’]\s*(?:investigation|analyse|enquête)",
            r"(?:commenc\w*|démarr\w*|lanc\w*)\s+(?:l['’]\s*|à\s+|une\s+|les\s+)(?:investig|analy|diagnost)\w*",
            r"incident\s+(?:déclaré|ouvert)",
            r"déclar\w*\s+(?:un\s+|l['’]\s*)incident",
            r"(?:l['’]\s*)?astreinte\s+intervient",
        ),
        "de": (
            r"quittier\w*",
            r"(?:untersuchung|analyse|fehlersuche|eingrenzung|ermittlung)\w*\s+(?:\w+\s+)?(?:begonnen|gestartet|beginnt|startet|aufgenommen)",
            r"(?:beginnt|beginnen|begann|startet|starten)\s+(?:\w+\s+){0,3}?(?:untersuch|analy|fehlersuche|eingrenz|diagnose)\w*",
            r"übernimmt|übernahm|übernommen",
            r"krisenstab",
            r"(?:incident|störung)\s+(?:eröffnet|ausgerufen|erklärt)",
        ),
        "pt": (
            r"(?:começ|inici)\w*\s+(?:a\s+|o\s+|a\s+)?(?:investig|diagnós|diagnost|anális|analis|resposta|atendimento)\w*",
            r"investigação\s+iniciada",
            r"(?:plantão|plantonista|equipe)\s+(?:assume|responde|atende)\w*",
            r"incidente\s+(?:declarado|aberto)",
            r"reconhec\w*\s+(?:o\s+|a\s+)?(?:alerta|alarme|incidente)",
            r"sala\s+de\s+(?:guerra|crise)",
        ),
    },
    # Work done to end impact: English "rolled back", "failed over", "workaround", "fix deployed".
    "fix": {
        "zh": (
            *("回滚", "回退", "切换", "故障转移", "主备切换", "临时方案", "绕过", "止损"),
            rf"恢复{_ZH_SETTING_PUT_BACK}",
            r"(?:热)?修复(?:版本)?(?:已)?(?:上线|发布|部署|生效)",
        ),
        "ja": (
            *(
                "ロールバック",
                "切り戻",
                "切り替え",
                "切替",
                "フェイルオーバー",
                "暫定対応",
                "回避策",
            ),
            *(r"修正(?:版)?(?:を)?(?:デプロイ|適用|リリース)", "元に戻", "ホットフィックス"),
        ),
        "ko": ("롤백", "원복", "되돌", "전환", "페일오버", "우회", "임시\\s*조치", "핫픽스"),
        "es": (
            r"(?:se\s+)?(?:vuelve|volvió|vuelven|volvieron)\s+a\s+la\s+versión",
            r"marcha\s+atrás|reviert(?:e|en|o)",
            r"conmut\w*",
            r"solución\s+temporal",
            r"(?:parche|corrección)\s+(?:\w+\s+)?(?:desplegad|aplicad)[oa]",
        ),
        "fr": (
            r"retour\s+arrière",
            r"retour\s+à\s+la\s+version",
            r"bascul\w*",
            r"correctif\s+(?:\w+\s+)?(?:déployé|appliqué|livré)",
            r"(?:solution\s+de\s+)?contournement",
        ),
        "de": (
            r"zurückgerollt|zurückgesetzt|zurückgenommen|rückgängig",
            r"umgeschaltet|umschaltung",
            r"(?:hotfix|fix|patch|korrektur)\s+(?:wurde\s+|ist\s+)?(?:eingespielt|ausgerollt|deployt|aufgespielt)",
        ),
        "pt": (
            r"(?:volt\w*|retorn\w*)\s+(?:para\s+)?a\s+versão",
            r"chaveamento|comutação|revers(?:ão|ões)",
            r"(?:solução\s+de\s+)?contorno",
            r"correção\s+(?:\w+\s+)?(?:aplicada|implantada)",
        ),
    },
    # Impact seen to end: English "recovered", "back to normal", "errors stopped", "works again".
    "ended": {
        "zh": (
            # "恢复配置" (restored the old configuration) is a revert, as "回滚配置" is: the work
            # done to end impact, not impact seen to end.
            rf"恢复(?!{_ZH_SETTING_PUT_BACK})",
            *("回落", "回到正常", "正常化", "解除", "止血"),
            # "报错消失" (the errors went away); "消失" alone is data lost in Japanese.
            r"(?:报错|错误|告警|异常|超时|延迟)\S{0,2}?消失",
            r"(?<!不)稳定(?:下来|了)",
            r"不再(?:报错|出现|失败|超时)",
        ),
        "ja": (
            *("復旧", "回復", "正常化", "解消", "収まっ", "収まり"),
            # "同期が再開" (the sync resumed); "調査を再開" (resumed the investigation) is work.
            r"(?:が|は|も)再開",
            # "元に戻った" (came back) tells the end; "設定を元に戻し" (put the setting back) is a
            # revert, the work done to end it, as "rolled back the config" is.
            r"(?:通常|正常|平常|元)(?:の(?:水準|値|状態|レベル))?に戻(?![しすさそせ])",
        ),
        "ko": (
            "복구",
            "회복",
            "정상화",
            "정상으로\\s*돌아",
            "정상\\s*복귀",
            "해소",
            "(?:가|이)\\s*재개",
            "안정화",
        ),
        "es": (
            r"restablec\w*",
            r"recuper(?:a|an|ó|aron|ado|ada|ados|adas|ación)",
            r"(?:vuelve|vuelven|volvió|volvieron|regres\w*)\s+a\s+la\s+normalidad",
            r"normaliz(?:a|an|ó|aron|ado|ada|ados|adas|ación)",
            r"mitig(?:ado|ada|ados|adas|ación)",
            r"desaparec\w*",
            r"(?<!no )(?:funcion|respond|carg|proces)\w*\s+(?:\w+\s+){0,2}?(?:de nuevo|otra vez|nuevamente)",
            r"(?:vuelv|volvi)\w*\s+a\s+(?:funcionar|responder|cargar|procesar)",
        ),
        "fr": (
            r"rétabli\w*|retabli\w*",
            r"(?:retour|revenu\w*|revien\w*)\s+à\s+la\s+normale",
            r"récupér[ée]\w*|restauré\w*|restauration",
            r"(?:fonctionn|répond|charg)\w*\s+(?:\w+\s+){0,2}?(?:à nouveau|de nouveau)",
            # "Le service refonctionne", "l'export remarche": the verb says "again" itself.
            r"re(?:fonctionn|march)\w*",
            r"dispar(?:u|ue|us|ues|aissent|aît)",
            r"mitigé\w*|normalisé\w*",
        ),
        "de": (
            r"wiederhergestellt|wiederherstellung|behoben|erholt",
            r"(?:läuft|laufen|lief|liefen|funktionier\w*|antwort\w*|lädt|laden|liefert|liefern|verarbeitet|verarbeiten|arbeitet|arbeiten)\s+(?:\w+\s+)?wieder",
            r"wieder\s+(?:verfügbar|erreichbar|online|normal)",
            r"normal(?:betrieb|zustand|isiert)",
            r"verschw(?:unden|indet|inden)",
            r"mitigiert|entschärft",
        ),
        "pt": (
            r"restabelec\w*",
            r"recuper(?:a|am|ou|aram|ado|ada|ados|adas|ação)",
            r"(?:volta|voltou|voltaram|voltam)\s+ao\s+normal",
            r"normalidade",
            r"normaliz(?:a|am|ou|aram|ado|ada|ados|adas|ação)",
            r"(?<!não )(?:funcion|respond|carreg|process)\w*\s+(?:\w+\s+){0,2}?(?:novamente|de novo)",
            r"volt\w*\s+a\s+funcionar",
            r"desaparec\w*",
            r"mitigad[oa]s?|mitigação",
        ),
    },
    # The incident closed: English "resolved", "incident closed", "all-clear", "fully recovered".
    "closed": {
        "zh": (
            r"(?:故障|事件|事故|应急|应急响应|工单)(?:处理)?(?:已)?(?:关闭|结束|结案)",
            r"关闭(?:故障|事件|事故|工单)",
            r"(?:问题|故障)(?:已|彻底|完全)?解决(?!方案|办法)",
            *("已解决", "完全恢复", "全部恢复", "彻底恢复"),
            r"宣布(?:故障|事件)?(?:结束|关闭|恢复)",
        ),
        "ja": (
            *("収束", "終息", "クローズ", r"解決(?!策)", r"完全(?:に)?復旧", "全面復旧"),
            r"(?:障害|インシデント)?対応(?:を)?(?:終了|完了)",
            r"(?:障害|インシデント)(?:を)?(?:終了|クローズ)",
        ),
        "ko": (
            r"(?:장애|상황|인시던트|이슈|사고|대응)\s*(?:가|이|를|을)?\s*(?:종료|종결|클로즈)",
            r"해결(?:됨|되었|했|완료)",
            r"완전\s*복구",
        ),
        "es": (
            r"resuelt[oa]s?",
            r"(?:incidente|incidencia)\s+(?:\w+\s+)?(?:cerrad|resuelt|finalizad)[oa]",
            r"(?:se\s+)?cierr[ae]\w*\s+(?:el\s+|la\s+)?(?:incidente|incidencia)",
            r"cierre\s+del?\s+(?:incidente|incidencia)",
            r"(?:totalmente|completamente)\s+(?:restablecid|recuperad|resuelt)\w*",
            r"fin\s+del\s+incidente",
        ),
        "fr": (
            r"r[ée]solu[es]?",
            r"(?:incident|panne)\s+(?:\w+\s+)?(?:clos|clôturé\w*|fermé\w*|terminé\w*)",
            r"clôtur\w*",
            r"fin\s+de\s+(?:l['’]\s*incident|la\s+panne)",
            r"levée\s+de\s+la\s+cellule",
            r"(?:entièrement|complètement|totalement)\s+(?:rétabli|résolu|restauré)\w*",
        ),
        "de": (
            r"gelöst",
            r"(?:incident|störung|vorfall|ausfall)\s+(?:\w+\s+)?(?:geschlossen|abgeschlossen|beendet|erledigt|aufgehoben)",
            r"entwarnung",
            r"(?:vollständig|komplett|endgültig)\s+(?:behoben|wiederhergestellt|gelöst)",
            r"störungsende|ende\s+der\s+störung",
        ),
        "pt": (
            r"resolvid[oa]s?",
            r"incidente\s+(?:\w+\s+)?(?:encerrad|fechad|resolvid|finalizad)[oa]",
            r"encerr\w*\s+(?:o\s+)?incidente",
            r"encerramento",
            r"(?:totalmente|completamente)\s+(?:restabelecid|recuperad|resolvid)\w*",
        ),
    },
    # Impact said to begin: English "errors started", "outage begins", "start of the impact".
    # "故障发生后" (after the failure happened) places another row: no beginning.
    "impact_began": {
        "zh": (
            r"(?:开始|陆续)(?:出现|大量|有)?(?:用户)?(?:报错|错误|失败|超时|异常|故障|不可用|延迟|积压|受到影响|受影响)",
            r"(?:报错|错误|失败|超时|异常|故障|影响|延迟|积压)(?:率|数|量)?(?:开始|起始)",
            r"(?:故障|事故)发生(?!前|后|以来|原因)",
            r"(?:用户|客户)开始(?:反馈|投诉|报错|无法)",
        ),
        "ja": (
            r"(?:エラー|障害|失敗|タイムアウト|遅延|異常|影響)(?:率|数|件数)?(?:が|の)?(?:上昇|増加|急増)?(?:を)?(?:開始|始ま|出始め|し始め)",
            r"(?:エラー|障害|失敗|タイムアウト|遅延|異常)(?:が)?(?:発生|出)し?始め",
            r"(?:障害|エラー|不具合)発生(?!後|から|以降|前|原因|源)",
        ),
        "ko": (
            r"(?:오류|에러|장애|실패|타임아웃|지연|영향)(?:율|률)?(?:이|가)?\s*(?:발생\s*)?(?:증가\s*)?시작",
            r"장애\s*발생(?!\s*(?:후|이후|원인))",
        ),
        "es": (
            r"(?:comienz|empiez|empez|inici)\w*\s+(?:a\s+)?(?:\w+\s+)?(?:errores|error|fall(?:os|as|ar|an)|timeouts?|impacto|caída|interrupción)",
            r"(?:errores|fallos|fallas|impacto|caída|incidencia|interrupción)\s+(?:\w+\s+)?(?:comienz|empiez|empez|inici)\w*",
            r"inicio\s+del?\s+(?:impacto|incidente|incidencia|caída|problema|error)",
        ),
        "fr": (
            r"(?:début|commencement)\s+(?:de\s+l['’]\s*|du\s+|de\s+la\s+|des\s+)(?:impact|incident|panne|erreurs?|perturbation|indisponibilité)",
            r"(?:erreurs?|échecs?|pannes?)\s+(?:\w+\s+)?(?:commenc\w*|début\w*)",
            r"commenc\w*\s+à\s+(?:échouer|renvoyer\s+des\s+erreurs|tomber)",
            r"apparition\s+des?\s+(?:erreurs?|échecs?|timeouts?)",
        ),
        "de": (
            r"(?:beginn|anfang|start)\s+(?:der|des)\s+(?:störung|ausfall\w*|fehler|auswirkung\w*|beeinträchtigung)",
            r"störungsbeginn|ausfallbeginn",
            r"(?:fehler|störung|ausfall|ausfälle|auswirkungen?|beeinträchtigung\w*)\s+(?:\w+\s+)?(?:beginn\w*|begann\w*|setz\w*\s+ein)",
        ),
        "pt": (
            r"(?:início|inicio)\s+(?:do|da)\s+(?:impacto|incidente|indisponibilidade|falha|problema)",
            r"(?:erros?|falhas?|impacto|indisponibilidade)\s+(?:\w+\s+)?(?:começ|inici)\w*",
            r"(?:começ|inici)\w*\s+(?:a\s+)?(?:\w+\s+)?(?:erros?|falh(?:as|ar|am)|timeouts?)",
        ),
    },
    # A change or its preparation: English "deploy", "release", "config change", "migration".
    "change": {
        "zh": (
            "发布",
            "上线",
            "部署",
            "变更",
            "修改配置",
            "配置修改",
            "迁移",
            "升级",
            "扩容",
            "缩容",
            "灰度",
        ),
        "ja": (
            "デプロイ",
            "リリース",
            "変更",
            "反映",
            "移行",
            "マイグレーション",
            "アップグレード",
            "適用",
            "メンテナンス",
        ),
        "ko": ("배포", "릴리스", "릴리즈", "변경", "마이그레이션", "업그레이드", "적용", "점검"),
        "es": (
            r"despleg\w*|desplieg\w*|lanzamiento",
            r"cambi(?:o|os|a|an|ó|aron|ado|ada)",
            r"migración|migra(?:n|do|da)?",
            r"actualiz\w*|mantenimiento",
        ),
        "fr": (
            r"déploi\w*|déploy\w*",
            r"mise\s+(?:en\s+production|à\s+jour|en\s+ligne)",
            r"changements?",
        ),
        "de": (
            r"ausgerollt|ausrollen|eingespielt|bereitgestellt",
            r"\w*änderung\w*|geändert|umgestellt",
            r"aktualisier\w*|wartung\w*",
        ),
        "pt": (
            r"implant(?:a|am|ou|aram|ado|ada|ação|ações)|lançamento|lançad[oa]|publicad[oa]",
            r"mudanças?|alteraç\w*|alterad[oa]",
            r"migração|atualiz\w*|manutenção",
        ),
    },
    # Impact itself: English "errors", "failed", "outage", "unavailable", "timeout", "delay".
    "impact": {
        "zh": (
            *("错误", "报错", "故障", "失败", "异常", "不可用", "无法", "超时", "延迟", "中断"),
            *("宕机", "卡顿", "积压", "告警", "报警", "警报"),
        ),
        "ja": (
            *("エラー", "障害", "失敗", "異常", "利用できな", "使えな", "不可", "タイムアウト"),
            *("遅延", "停止", "ダウン", "接続できな", "応答しな", "アラート", "警報"),
        ),
        "ko": (
            "오류",
            "에러",
            "장애",
            "실패",
            "불가",
            "타임아웃",
            "지연",
            "중단",
            "다운",
            "경보",
            "알람",
        ),
        "es": (
            r"error(?:es)?",
            r"fall(?:a|as|an|o|os|ó|aron|ando|ido|ida)",
            r"caíd[oa]s?",
            r"no\s+disponible|indisponib\w*",
            r"tiempo\s+de\s+espera",
            r"lentitud|retras\w*|interrupción",
        ),
        "fr": (
            r"erreurs?",
            r"échec\w*|échou\w*",
            r"pannes?",
            r"indisponib\w*|hors\s+service",
            r"lenteurs?|retards?|dégrad\w*",
        ),
        "de": (
            r"fehler\w*|fehl(?:en|t|geschlagen|schlägt)",
            r"ausfall\w*|ausfälle|ausgefallen|störung\w*",
            r"nicht\s+(?:mehr\s+)?(?:erreichbar|verfügbar)",
            r"zeitüberschreitung\w*|verzögerung\w*|langsam\w*|unterbrech\w*",
        ),
        "pt": (
            r"erros?",
            r"falh(?:a|as|am|ou|aram|ando)",
            r"fora\s+do\s+ar",
            r"indisponív\w*|indisponib\w*",
            r"lentidão|atrasos?",
            r"tempo\s+esgotado|interrupção",
        ),
    },
    # Work done again, as English "labels printed again", "orders flowing again": a participle
    # or gerund before the word for "again" (German: "wieder" before its participle, or after
    # the verb). Read as an end only without impact, trouble or wrong output in the clause.
    "done_again": {
        "es": (
            r"\w+(?:ad|id|es|it|uest)[oa]s?\s+(?:\w+\s+){0,2}?(?:de nuevo|otra vez|nuevamente)",
            r"\w+(?:ando|iendo|yendo)\s+(?:\w+\s+){0,2}?(?:de nuevo|otra vez|nuevamente)",
        ),
        "fr": (r"\w+(?:é|i|u|it|is)e?s?\s+(?:\w+\s+){0,2}?(?:à nouveau|de nouveau)",),
        "de": (
            r"wieder\s+(?:\w+\s+){0,2}?ge\w+(?:t|en)",
            r"(?:fließ|fliess|flie[sß]|lauf|läuf|sende|send|druck|verarbeit|liefer|schreib|speicher)"
            r"\w*\s+(?:\w+\s+)?wieder",
        ),
        "pt": (
            r"\w+(?:ad|id|ess|it)[oa]s?\s+(?:\w+\s+){0,2}?(?:novamente|de novo)",
            r"\w+(?:ando|endo|indo)\s+(?:\w+\s+){0,2}?(?:novamente|de novo)",
        ),
    },
    # The trouble back again, as English "restarted again", "alert fired again", "went down
    # again": what was done again is no end then.
    "trouble_again": {
        "es": (
            r"reinici\w*|dispar\w*|ocurr\w*|sucedi\w*|pas(?:a|ó)|aparec\w*|apareci\w*|sub(?:e|en|ió|ieron|iendo)|"
            r"aument\w*|cay\w*|cae\w*|detuv\w*|paus\w*|vuelv\w* a fallar|volvi\w* a fallar|rechaz\w*",
        ),
        "fr": (
            r"redémarr\w*|redemarr\w*|déclench\w*|survenu\w*|réappar\w*|apparu\w*|"
            r"augment\w*|mont\w*|tomb\w*|arrêt\w*|bloqu\w*|rejet\w*",
        ),
        "de": (
            r"(?:neu\s*)?gestartet|ausgelöst|aufgetreten|tritt|treten|gestiegen|steig\w*|"
            r"gefallen|fällt|fallen|abgestürzt|angeschlagen|schlägt|gestoppt|hängt|hängen|abgelehnt",
        ),
        "pt": (
            r"reinici\w*|dispar\w*|ocorr\w*|acontec\w*|aparec\w*|sub(?:iu|iram|indo|e|em)|aument\w*|ca(?:iu|íram|i)|"
            r"pausad\w*|parad\w*|voltou a falhar|voltaram a falhar|rejeitad\w*",
        ),
    },
    # Output that is the trouble itself, as English "stale", "wrong", "empty": "etiquetas
    # antigas impressas novamente" is the wrong work done again.
    "wrong_output": {
        "es": (r"antigu\w*|viej\w*|erróne\w*|vací\w*|incorrect\w*|corrupt\w*|desactualizad\w*",),
        "fr": (r"ancien\w*|erroné\w*|vides?|incorrect\w*|corrompu\w*|obsolète\w*|périmé\w*",),
        "de": (r"alt(?:e|en|er|es)?|falsch\w*|leer\w*|veraltet\w*|beschädigt\w*|korrupt\w*",),
        "pt": (r"antig\w*|errad\w*|vazi\w*|incorret\w*|corrompid\w*|desatualizad\w*",),
    },
    # Work under way or partial, not yet the end: English "started", "in progress", "partially".
    "under_way": {
        "zh": (
            *("开始", "着手", "正在", "尝试", "试图", "准备", "计划", "方案", "决定", "考虑"),
            *("部分", "逐步", "逐渐", "大部分", "基本", "进行中"),
            r"(?:恢复|回滚|修复|处理|切换|迁移)中",
        ),
        "ja": (
            *("開始", "着手", "始め", "一部", "部分的", "徐々に", "段階的", "予定", "準備", "検討"),
            *("計画", "試み", "つつある", "ほぼ"),
            r"(?:復旧|回復|対応|作業|切り戻し|ロールバック|調査|処理)中",
        ),
        "ko": (
            *("시작", "착수", "일부", "부분", "점차", "점진", "예정", "준비", "검토", "시도"),
            r"(?:복구|조치|롤백|전환|대응|작업|진행)\s*중",
        ),
        "es": (
            r"en\s+(?:curso|progreso|marcha)",
            r"(?:comienz|empiez|empez|inici)\w*|intent(?:a|an|ó|aron|ando|o)",
            r"planific\w*|parcial\w*|gradualmente|poco\s+a\s+poco",
            r"(?:está|están|estamos)\s+(?:\w+ando|\w+iendo)",
        ),
        "fr": (
            r"en\s+cours|en\s+train\s+de",
            r"commencé\w*|commencent|débuté\w*|démarr\w*|lancé\w*|tenté\w*|préparation",
            r"partiel\w*|progressivement",
        ),
        "de": (
            r"teilweise|zum\s+teil|schrittweise|allmählich|in\s+arbeit|im\s+gange",
            r"(?:beginn|begonnen|gestartet|startet|versuch|vorbereit|geplant)\w*",
            r"wird\s+(?:\w+\s+){0,3}?(?:wiederhergestellt|zurückgerollt|zurückgesetzt|behoben|umgeschaltet)",
        ),
        "pt": (
            r"em\s+(?:andamento|curso|progresso)",
            r"(?:inici|começ)\w*|tentand\w*|tentativa",
            r"parcial\w*|gradualmente|aos\s+poucos",
            r"(?:está|estão|estamos)\s+\w+ndo",
        ),
    },
    # A detection, an end or a close denied: English "no alert", "not recovered".
    "negated": {
        "zh": (
            rf"(?:未|没有?|无|不|尚未|还未|还没有?|并未|仍未)(?:能|被|及时|完全|法)?{_ZH_DENIED}",
            r"(?:告警|报警|警报)(?:并)?(?:未|没有?)(?:触发|发出)",
        ),
        "ja": (
            rf"{_JA_DENIED}(?:が|は|を|も)?{_JA_NOT}",
            rf"未{_JA_DENIED}",
            r"(?:アラート|通知|警報)(?:は|が|も)?(?:なし|無し|出ず|鳴らず|出なかった|発報されず)",
        ),
        "ko": (
            rf"{_KO_DENIED}(?:가|이|를|을|는|은)?\s*(?:되지|하지|지)?\s*(?:않|못)",
            rf"미{_KO_DENIED}",
            r"(?:알림|경보|알람)(?:이|가|은|는)?\s*없",
        ),
        "es": (
            rf"(?:no|nunca)\s+(?:(?:se|lo|la|los|las|ha|han|había|habían|fue|fueron|hubo|saltó)\s+){{1,3}}(?:\w+\s+)?{_ES_DENIED}",
            r"no\s+(?:\w+\s+)?(?:recuper|restablec|resuel|solucion)\w*",
            rf"(?:sin|ningun[oa]?)\s+(?:\w+\s+)?{_ES_DENIED}",
        ),
        "fr": (
            rf"(?:pas|jamais)\s+(?:encore\s+|été\s+|du\s+tout\s+)*(?:\w+\s+)?{_FR_DENIED}",
            rf"(?:sans|aucun\w*)\s+(?:\w+\s+)?{_FR_DENIED}",
            r"non\s+(?:rétabli|résolu|détecté)\w*",
        ),
        "de": (rf"(?:nicht|kein\w*|ohne|nie)\s+(?:\w+\s+){{0,2}}?{_DE_DENIED}",),
        "pt": (rf"(?:não|nao|nunca|sem|nenhum\w*)\s+(?:\w+\s+){{0,3}}?{_PT_DENIED}",),
    },
    # Impact going on: English "still", "remains", "persists".
    "goes_on": {
        "zh": ("仍", "依然", "依旧", "还在"),
        "ja": ("まだ", "依然", "引き続き"),
        "ko": ("여전히",),
        "es": (r"sigue|siguen|todavía|aún",),
        "fr": (r"toujours",),
        "de": (r"weiterhin|immer\s+noch|noch\s+immer",),
        "pt": (r"ainda|continua|continuam",),
    },
    # A decision, which is not the act: English "decided to roll back".
    "decision": {
        "zh": ("决定", "决策"),
        "ja": ("決定", "判断"),
        "ko": ("결정", "판단"),
        "es": (r"decid(?:e|en|ió|ieron|ido|imos)|decisión",),
        "fr": (r"décid\w*|décision",),
        "de": (r"entschie\w*|entscheid\w*|beschlossen",),
        "pt": (r"decid(?:e|em|iu|iram|ido|imos)|decisão",),
    },
    # The cause found, which is diagnosis, not detection: "发现根因", "原因を特定",
    # "causa raíz identificada". Taken out of a row before its detection words are read.
    "found_the_cause": {
        "zh": (
            r"(?:发现|找到|定位到?|查明|确认|查到)(?:了)?(?:问题的?|故障的?)?(?:根因|根本原因|原因|根源)",
            r"(?:根因|根本原因|原因)(?:已|被)?(?:发现|找到|定位|查明|确认)",
        ),
        "ja": (
            r"(?:根本)?原因(?:を|が|は)?(?:特定|発見|判明|検出|確認)",
            r"(?:発見|検出)(?:した)?(?:根本)?原因",
        ),
        "ko": (r"(?:근본\s*)?원인(?:을|를|이|은)?\s*(?:발견|파악|확인|규명|특정|인지)",),
        "es": (
            r"(?:detect|descubr|identific|encontr|hall)\w*\s+(?:\w+\s+){0,2}?causas?(?:\s+raíz)?",
            r"causas?\s+(?:raíz\s+|principal\s+)?(?:\w+\s+)?(?:detect|descubr|identific|encontr|hall)\w*",
        ),
        "fr": (
            r"(?:détect|identifi|trouv|découv|remarqu)\w*\s+(?:\w+\s+){0,2}?(?:la|une|les)\s+causes?",
            r"causes?\s+(?:racine|première|profonde)s?\s+(?:\w+\s+)?(?:détect|identifi|trouv|découv)\w*",
        ),
        "de": (
            r"ursache\w*\s+(?:\w+\s+){0,2}?(?:erkannt|entdeckt|gefunden|festgestellt|identifiziert|ermittelt)",
            r"(?:erkenn|entdeck|find|stellt|identifiz)\w*\s+(?:\w+\s+){0,3}?ursache\w*",
        ),
        "pt": (
            r"(?:detect|detet|descobr|identific|encontr)\w*\s+(?:\w+\s+){0,2}?causas?(?:\s+raiz)?",
            r"causas?\s+(?:raiz\s+|principal\s+)?(?:\w+\s+)?(?:detect|detet|descobr|identific|encontr)\w*",
        ),
    },
    # A fix that did not help, made things worse or went wrong: English "the restart did not
    # help", "no effect", "made things worse", "by mistake". The row that tells it ends nothing.
    "no_fix": {
        "zh": (
            r"(?:没有|没|未|并未|毫无|无)(?:任何|明显)?(?:效果|作用|改善|好转|帮助)",
            r"(?:不|没|未|并未)(?:起|见)(?:作用|效)",
            *("无济于事", "于事无补", r"问题(?:依旧|依然存在|仍然存在)"),
            # "恶化" (got worse) after a fix; "意外", "误操作", "不慎": a step that went wrong.
            *("恶化", "更糟", "意外", "误操作", "不慎"),
        ),
        "ja": (
            rf"(?:改善|効果|好転|解決)(?:は|が|も)?(?:見られ|得られ|出)?{_JA_NOT}",
            r"(?:改善|効果|変化)(?:は|が|も)?(?:なし|無し|なく)",
            *("悪化", "意図せず", "意図しない", "予期せず", "誤って", "誤操作"),
        ),
        "ko": (
            r"(?:효과|개선|차도|소용)(?:가|이|는|은|도)?\s*(?:전혀\s*)?없",
            r"(?:개선|해결)(?:되|하)?지\s*(?:않|못)",
            r"도움(?:이)?\s*(?:되지\s*(?:않|못)|안\s*되)",
            *("악화", r"예기치\s*(?:않|못)", r"의도(?:치|하지)\s*않", "실수로"),
        ),
        "es": (
            r"no\s+(?:\w+\s+){0,2}?(?:ayud(?:ó|aron|a|an|ado)|sirv(?:ió|ieron|e|en)|servido|"
            r"surt(?:ió|ieron|e)|solucion(?:ó|aron|a|an|ado)|resolv(?:ió|ieron)|resuelve|"
            r"arregl(?:ó|aron|a|an|ado)|mejor(?:ó|aron|a|an|ado)|funcion(?:ó|aron))",
            # "sin efecto en los clientes" (no effect on customers) is good news, no failed fix.
            r"(?:sin|ningún|ninguna)\s+(?:\w+\s+)?(?:efecto|éxito|mejora|resultado)(?!\s+(?:en|sobre|para)\b)",
            r"empeor\w*|agrav\w*|inesperad\w*|por\s+error|sin\s+querer",
        ),
        "fr": (
            r"n['’]\s*(?:a|ont|avait|avaient)\s+(?:pas|rien)\s+(?:\w+\s+)?(?:aidé|suffi|résolu|corrigé|"
            r"amélioré|fonctionné|marché|réglé|changé|donné)",
            r"ne\s+(?:\w+\s+)?(?:résout|résolvent|corrige|corrigent|règle|règlent|change|changent|"
            r"améliore|améliorent|suffit|suffisent|donne|marche)\s+(?:rien|pas)",
            # "sans effet sur les clients" (no effect on customers) is good news, no failed fix.
            r"(?:sans|aucune?)\s+(?:\w+\s+)?(?:effet|amélioration|succès)(?!\s+(?:sur|pour|de\s+bord)\b)",
            r"pas\s+d['’]\s*(?:effet|amélioration)",
            r"inefficace\w*|aggrav\w*|empir\w*|par\s+erreur|involontaire\w*|inattendu\w*|accidentel\w*",
        ),
        "de": (
            r"kein\w*\s+(?:\w+\s+)?(?:besserung|verbesserung|wirkung|effekt|erfolg)(?!\s+auf\b)",
            r"ohne\s+(?:\w+\s+)?(?:erfolg|wirkung|effekt|besserung|verbesserung)(?!\s+auf\b)",
            r"wirkungslos|erfolglos|vergeblich",
            r"(?:half|hilft|halfen|helfen)\s+(?:\w+\s+){0,2}?nicht|nicht\s+(?:\w+\s+)?geholfen",
            r"(?:brachte|bringt|brachten|änderte|ändert|änderten)\s+(?:\w+\s+){0,2}?nichts",
            r"nichts\s+(?:\w+\s+)?(?:gebracht|geändert|bewirkt)",
            r"(?:behob|behebt|löste|löst|beseitigte|beseitigt)\s+(?:\w+\s+){0,3}?nicht",
            r"verschlimmer\w*|verschlechter\w*|versehentlich|irrtümlich|unbeabsichtigt\w*|unerwartet\w*",
        ),
        "pt": (
            r"n[ãa]o\s+(?:\w+\s+){0,2}?(?:ajud(?:ou|aram|a|am|ado)|resolv(?:eu|eram|e|em|ido)|"
            r"adiant(?:ou|aram|a)|surt(?:iu|iram)|melhor(?:ou|aram|a)|corrig(?:iu|iram|e)|"
            r"funcion(?:ou|aram))",
            # "sem efeito para os clientes" (no effect on customers) is good news, no failed fix.
            r"(?:sem|nenhum|nenhuma)\s+(?:\w+\s+)?(?:efeito|sucesso|melhora|resultado)(?!\s+(?:em|n[oa]s?|sobre|para)\b)",
            r"ineficaz\w*|pior(?:ou|aram|a|am)|agrav\w*|inesperad\w*|por\s+engano|sem\s+querer",
        ),
    },
    # What the responders tried themselves, named as such: English "the fix", "the hotfix",
    # "the workaround". A revert of it, if it was not what caused the incident, ends nothing.
    "own_fix": {
        "zh": (_ZH_OWN_FIX,),
        "ja": (_JA_OWN_FIX,),
        "ko": (_KO_OWN_FIX,),
        "es": (_ES_OWN_FIX,),
        "fr": (_FR_OWN_FIX,),
        "de": (_DE_OWN_FIX,),
        "pt": (_PT_OWN_FIX,),
    },
    # A revert of the responders' own attempt: English "team reverts the fix", "the hotfix was
    # rolled back". The revert of a change (any change) stays the usual mitigation.
    "reverts_own_fix": {
        "zh": (
            rf"(?:回滚|回退|撤销|撤回|还原)(?:了)?(?:刚才|刚刚|此前|之前|先前)?(?:的|上线的)?{_ZH_OWN_FIX}",
            rf"{_ZH_OWN_FIX}(?:已|被|也)?(?:回滚|回退|撤销|撤回|还原)",
            # "修复" alone is also the verb (回滚修复了问题: the rollback fixed it): only with a
            # word that makes it the noun.
            r"(?:回滚|回退|撤销|撤回)(?:了)?(?:该|这个|此|刚才的|之前的)修复",
            r"(?:回滚|回退|撤销|撤回|还原)(?:了)?(?:我们|团队|值班)(?:刚才|刚刚|之前)?(?:做|加|改|上线)?的(?:修改|变更|调整|修复)",
        ),
        "ja": (
            rf"{_JA_OWN_FIX}(?:を|は|も)?(?:切り戻|ロールバック|元に戻|取り消|差し戻)",
            r"(?:先ほど|直前|さっき)の(?:変更|設定変更|対応)(?:を|は)?(?:切り戻|ロールバック|元に戻|取り消)",
        ),
        "ko": (rf"{_KO_OWN_FIX}(?:을|를|은|는|도)?\s*(?:롤백|원복|되돌|철회|취소)",),
        "es": (
            r"(?:revert(?:imos|ieron|ió|ido|ida)|reviert[eo]n?|deshac\w*|deshizo|deshicimos|"
            r"quit(?:amos|ó|aron|a|an)|retir(?:amos|ó|aron|a|an)|marcha\s+atrás)\s+"
            rf"(?:\w+\s+){{0,2}}?(?:{_ES_OWN_FIX}|hotfix)",
            rf"(?:{_ES_OWN_FIX}|hotfix)\s+(?:\w+\s+){{0,2}}?(?:revertid|retirad|deshech|quitad)[oa]",
        ),
        "fr": (
            r"(?:retour\s+arrière|annul\w*|retir\w*|revien\w*|revenu\w*|désactiv\w*)\s+"
            rf"(?:\w+\s+){{0,2}}?(?:l['’]\s*)?(?:{_FR_OWN_FIX}|hotfix)",
            rf"(?:{_FR_OWN_FIX}|hotfix)\s+(?:\w+\s+){{0,2}}?(?:annulé|retiré|désactivé|défait)e?s?",
        ),
        "de": (
            rf"(?:{_DE_OWN_FIX_OR_ENGLISH})\s+(?:\w+\s+){{0,2}}?(?:zurückgerollt|zurückgenommen|"
            r"zurückgesetzt|rückgängig|zurückgezogen|entfernt)",
            r"(?:rollen|rollt|rollte|rollten|nehmen|nimmt|nahm|nahmen|machen|macht|machte|machten)\s+"
            rf"(?:\w+\s+){{0,2}}?(?:{_DE_OWN_FIX_OR_ENGLISH})\s+(?:\w+\s+)?(?:zurück|rückgängig)",
        ),
        "pt": (
            r"(?:revert(?:emos|eu|eram|ida|ido)|reversão|desfaz\w*|desfe\w*|"
            rf"retir(?:amos|ou|aram|a|am))\s+(?:\w+\s+){{0,2}}?(?:{_PT_OWN_FIX}|hotfix)",
            rf"(?:{_PT_OWN_FIX}|hotfix)\s+(?:\w+\s+){{0,2}}?(?:revertid|desfeit|retirad)[oa]",
        ),
    },
    # Help asked of a third party: English "opened a ticket with the provider", "contacted the
    # vendor". The team knew already: a step of the response, never the detection. The other
    # way round ("the provider told us", "prévenu par l'hébergeur") is news reaching the team.
    "asked_outside_help": {
        "zh": (
            r"(?:联系|联络|致电|咨询|求助于?|上报给|反馈给|通知|找)(?:了)?(?:云)?(?:厂商|供应商|服务商|运营商|托管商|机房|原厂|第三方)",
            r"(?:向|给)(?:云)?(?:厂商|供应商|服务商|运营商|托管商|机房|原厂|第三方)\S{0,8}?(?:提交|提|开|发)(?:了)?(?:工单|支持请求|咨询)",
            # "向云厂商反馈问题": the team reporting to them, not a report reaching the team.
            r"(?:向|给)(?:云)?(?:厂商|供应商|服务商|运营商|托管商|机房|原厂|第三方)(?:反馈|报告|上报)",
            r"(?:提交|提|开)(?:了)?(?:一个|一张)?\S{0,4}?工单(?:给|至|到)(?:云)?(?:厂商|供应商|服务商|运营商|托管商|机房|原厂)",
        ),
        "ja": (
            r"(?:ベンダー?|クラウド事業者|事業者|プロバイダー?|ホスティング(?:会社|事業者)|データセンター|メーカー|委託先|回線業者)"
            r"(?:の)?(?:サポート|窓口|担当)?(?:に|へ)(?:の)?(?:問い合わせ|問合せ|連絡|エスカレーション|チケット|サポートケース|ケース|起票|照会)",
        ),
        "ko": (
            r"(?:벤더|공급사|업체|클라우드\s*사업자|호스팅\s*업체|통신사|제조사|협력사|IDC)(?:의)?\s*"
            r"(?:기술\s*지원|고객\s*지원|지원팀|고객센터)?\s*(?:에|에게|측에|쪽에|으로)\s*"
            r"(?:지원\s*)?(?:문의|연락|에스컬레이션|티켓|케이스|요청)",
        ),
        "es": (
            r"(?:abr\w*|cre\w*|registr\w*|levant\w*|envi\w*|apertura)\s+(?:de\s+)?(?:(?:un|una|el|la)\s+)?"
            r"(?:ticket|caso|incidencia|solicitud)\s+(?:\w+\s+){0,2}?(?:con|al|a|ante|en)\s+"
            rf"(?:el\s+|la\s+|nuestro\s+|nuestra\s+)?(?:soporte\s+del?\s+)?{_ES_OUTSIDE}",
            # "contactados por el proveedor" is the provider reaching us: news, not help asked.
            r"(?:contact(?:amos|é|aron|ó|ar)|llam(?:amos|é|aron|ó)|escal(?:amos|é|aron|ó)|"
            rf"escrib(?:imos|í|ieron|ió)|avis(?:amos|é))\s+(?:(?!por\b)\w+\s+){{0,3}}?{_ES_OUTSIDE}",
            # "Se informa al proveedor" tells them; "el proveedor nos informa" tells us.
            rf"(?:se\s+)?(?:inform|notific|comunic)(?:a|ó|amos|é)\s+(?:\w+\s+){{0,2}}?al\s+{_ES_OUTSIDE}",
        ),
        "fr": (
            r"(?:ouv\w*|cré\w*|dépos\w*|ouverture|création)\s+(?:d['’]\s*)?(?:(?:un|une|le|la)\s+)?"
            r"(?:ticket|dossier|demande|cas)\s+(?:\w+\s+){0,2}?(?:chez|auprès\s+d[eu]|à|au|avec)\s*"
            rf"(?:l['’]\s*|le\s+|la\s+|notre\s+)?(?:support\s+d[eu]\s+(?:l['’]\s*)?)?{_FR_OUTSIDE}",
            r"(?:ticket|dossier|demande|cas)\s+(?:de\s+support\s+)?(?:ouvert|créé|déposé)e?\s+"
            rf"(?:chez|auprès\s+d[eu]|à|au|avec)\s*(?:l['’]\s*|le\s+|la\s+|notre\s+)?{_FR_OUTSIDE}",
            # "prévenu par l'hébergeur" is the host reaching us: news, not help asked.
            r"(?:contact\w*|appel\w*|sollicit\w*|escalad\w*|relanc\w*|prévenu|prévenons|saisi\w*)\s+"
            rf"(?:(?!par\b)\w+\s+){{0,2}}?(?:l['’]\s*)?{_FR_OUTSIDE}",
            # "Panne signalée à l'hébergeur" tells the host; "l'hébergeur nous signale" tells us.
            r"signal\w*\s+(?:\w+\s+){0,3}?(?:à|au|auprès\s+d[eu])\s*(?:l['’]\s*|le\s+|la\s+|notre\s+)?"
            rf"{_FR_OUTSIDE}",
        ),
        "de": (
            r"(?:ticket|supportticket|supportanfrage|supportfall|anfrage|störungsmeldung|fall)\s+"
            r"(?:\w+\s+){0,3}?(?:beim|bei\s+(?:dem|unserem)|an\s+(?:den|die|das|unseren|unsere))\s+"
            rf"{_DE_OUTSIDE}",
            rf"(?:beim|bei\s+(?:dem|unserem))\s+{_DE_OUTSIDE}\s+(?:\w+\s+){{0,3}}?"
            r"(?:ticket|anfrage|störungsmeldung|supportfall|fall)\w*",
            rf"(?:kontaktier\w*|rufen|rief|riefen|eskalier\w*|wandten|wenden)\s+(?:\w+\s+){{0,3}}?{_DE_OUTSIDE}",
            # "Störung an den Provider gemeldet" tells them; "der Provider meldet" tells us.
            rf"(?:an\s+(?:den|die|das|unseren|unsere)|beim)\s+{_DE_OUTSIDE}\s+(?:\w+\s+)?"
            r"(?:gemeldet|eskaliert|weitergegeben|weitergeleitet)",
            # "vom Anbieter kontaktiert", "der Anbieter hat uns kontaktiert" is news reaching us.
            rf"(?<!vom\s)(?<!von\s){_DE_OUTSIDE}\s+(?:(?!uns\b)\w+\s+){{0,2}}?"
            r"(?:kontaktiert|angerufen|eingeschaltet|angeschrieben|hinzugezogen)",
        ),
        "pt": (
            r"(?:abr\w*|cri\w*|registr\w*|abertura)\s+(?:de\s+)?(?:(?:um|uma|o|a)\s+)?"
            r"(?:chamado|ticket|caso|solicitação)\s+(?:\w+\s+){0,2}?(?:com|junto\s+a[oa]?|n[oa]|"
            rf"para\s+[oa]|ao|à)\s+(?:o\s+|a\s+|nosso\s+|nossa\s+)?{_PT_OUTSIDE}",
            # "contatados pelo fornecedor" is the supplier reaching us: news, not help asked.
            r"(?:contat\w*|acion(?:amos|ou|aram)|lig(?:amos|ou|aram)\s+para|escal(?:amos|ou|aram))\s+"
            rf"(?:(?!pel[oa]\b|por\b)\w+\s+){{0,2}}?{_PT_OUTSIDE}",
        ),
    },
    # Where one clause of a row ends and the next begins, as English ", " and " and " do.
    # Chinese and Japanese end a clause with a full-width mark and no space after it. The
    # words are matched in lower case only: "dashboard Y by date Z" joins no clauses.
    "between_clauses": {
        "zh": (r"[、，。；！？：]\s*",),
        "ja": (r"[、，。；！？：]\s*",),
        "ko": (),
        "es": (r"\s(?-i:y|pero)\s",),
        "fr": (r"\s(?-i:et|mais)\s",),
        "de": (r"\s(?-i:und|aber|sondern)\s",),
        "pt": (r"\s(?-i:e|mas)\s",),
    },
}


def other_languages(meaning: str, *, bounded: bool = True) -> str:
    """The words of ``meaning`` in every language of :data:`ROW_WORDS`, as one regular
    expression to join to the English words with ``|``. ``bounded=False`` takes every entry
    as written, for marks and words between clauses, which take their own spaces."""
    return words_pattern(ROW_WORDS[meaning], bounded=bounded)


def words_pattern(by_language: Mapping[str, Sequence[str]], *, bounded: bool = True) -> str:
    """Each language's words as one regular expression: those of Chinese, Japanese and
    Korean anywhere in a run of letters, the others (when ``bounded``) from a word's edge to
    a word's edge."""
    parts: list[str] = []
    for language, words in by_language.items():
        if not words:
            continue
        joined = "|".join(words)
        if language in _UNSPACED or not bounded:
            parts.append(f"(?:{joined})")
        else:
            parts.append(rf"\b(?:{joined})(?!\w)")
    return "|".join(parts)
