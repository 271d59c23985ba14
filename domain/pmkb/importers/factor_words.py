"""What a report says of its contributing factors, in the other languages teams write in.

:mod:`pmkb.importers.factor_evidence` suggests a taxonomy tag from English phrases ("nobody
was notified", "not tested"). Reports written in Chinese, Japanese, Korean, Spanish, French,
German or Portuguese name the same factors plainly in their own words ("缺少监控告警",
"設定ミス", "falta de pruebas de carga"); this table holds those words for the tags reports
name most, one tag at a time and one language a line, and :func:`other_language_cues` gives
a tag's words as one regular expression read beside the English cues.

The words are few and precise on purpose: a wrong tag is worse than none, so each entry is a
phrase that names the factor itself, never a word that merely comes near it ("监控", "prueba"
or "Konfiguration" alone say nothing of a gap). A phrase the writer denies ("并非配置错误",
"設定ミスではない", "kein Konfigurationsfehler") is no evidence: see :data:`DENIED_BEFORE`
and :data:`DENIED_AFTER`.

As in :mod:`pmkb.importers.row_words`, words of Chinese, Japanese and Korean are found
anywhere in a run of letters; the other languages' words start and end at a word's edge, with
``\\w*`` where any ending will do. No entry may match English words, so that English reports
get exactly the suggestions they got without this table.
"""

from __future__ import annotations

from pmkb.importers.row_words import words_pattern

#: A configuration error of DNS is ``dns-misconfiguration``, never the general one.
_ES_PT_NOT_DNS = r"(?!\s+(?:de|del|do|da)\s+(?:los\s+|os\s+)?dns)"
_FR_NOT_DNS = r"(?!\s+(?:du\s+|de\s+|des\s+)?dns)"

FACTOR_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    # English "no alerting", "nobody was notified", "monitoring gap".
    "monitoring-gap": {
        "zh": (
            # "没有及时处理告警" (the alert was not handled in time) is the response, no gap.
            r"(?:缺少|缺乏|没有|未配置|未设置|未接入)(?:(?!处理|响应|理会|关注|查看|确认)\w){0,4}?"
            r"(?:监控|告警|报警)",
            r"(?:监控|告警|报警)(?:缺失|盲区|不足|覆盖不足)",
        ),
        "ja": (
            r"(?:監視|アラート|モニタリング)(?:が|の)?(?:不足|漏れ|未設定|未整備|欠如|なかった|なし)",
            r"監視されていなかった",
        ),
        # "알림" is also the notification a service sends: "알림 누락" (notifications lost) is
        # impact, so only monitoring and alarms count.
        "ko": (
            r"(?:모니터링|경보|알람)\s*(?:부재|미흡|누락|미설정|부족)",
            r"(?:모니터링|경보|알람)(?:이|가)\s*없",
        ),
        "es": (
            r"(?:falta|ausencia)\s+de\s+(?:monitori[sz]ación|monitoreo|supervisión|alertas?|alarmas?|métricas)",
            r"sin\s+(?:ninguna\s+)?(?:monitori[sz]ación|monitoreo|supervisión|alertas?|alarmas?)",
            r"no\s+(?:había|hubo|existía|teníamos)\s+(?:ninguna\s+)?(?:monitori[sz]ación|monitoreo|alertas?|alarmas?)",
        ),
        "fr": (
            r"(?:absence|manque)\s+(?:de\s+|d['’]\s*)(?:supervision|surveillance|monitoring|alertes?|alarmes?|métriques)",
            r"(?:pas|aucune)\s+(?:d['’]\s*)?(?:alertes?|alarmes?|supervision|surveillance)",
            r"sans\s+(?:aucune\s+)?(?:alertes?|alarmes?|supervision|surveillance)",
        ),
        "de": (
            r"fehlende[ns]?\s+(?:überwachung|monitoring|alarm\w*|alert\w*|metriken)",
            r"(?:kein|keine|keinen)\s+(?:überwachung|monitoring|alarm\w*|alert\w*)",
            r"überwachungslücke\w*|monitoringlücke\w*",
            r"nicht\s+überwacht",
        ),
        "pt": (
            r"(?:falta|ausência)\s+de\s+(?:monitoramento|monitorização|alertas?|alarmes?|métricas)",
            r"sem\s+(?:nenhum\s+)?(?:monitoramento|monitorização|alertas?|alarmes?)",
            r"(?:nenhum|nenhuma)\s+(?:alerta|alarme|monitoramento)",
        ),
    },
    # English "not tested", "no tests", "insufficient testing".
    "testing-gap": {
        "zh": (
            # "测试环境" (the test environment) names a place, no gap: the words say one is missing.
            # "没有通过测试" (did not pass the tests): tests there were.
            r"(?:缺少|缺乏|没有|未做|未进行|未经)(?:(?!通过)\w){0,4}?(?:测试|压测|测过)",
            r"(?:测试|压测)(?:覆盖)?(?:不足|不充分|缺失|遗漏)",
            r"未测试",
        ),
        "ja": (
            r"(?:テスト|試験|負荷試験)(?:が|の)?(?:不足|漏れ|未実施|なかった|なし)",
            r"テストされていなかった|未テスト",
        ),
        "ko": (
            r"(?:테스트|시험)\s*(?:부족|부재|누락|미흡|미실시)",
            r"(?:테스트|시험)(?:가|이)\s*없",
            r"테스트(?:하지|되지)\s*않",
        ),
        "es": (
            # "entorno de pruebas" (the test environment) is a place: only a lack of tests counts.
            r"(?:falta|ausencia)\s+de\s+(?:pruebas|tests?)",
            r"sin\s+(?:ninguna\s+)?(?:pruebas|tests?|probar)",
            r"no\s+(?:había|hubo|existía|teníamos)\s+(?:ninguna\s+)?(?:prueba|test)s?",
            r"no\s+se\s+(?:había\s+)?probad?[oó]",
            r"pruebas\s+insuficientes",
        ),
        "fr": (
            r"(?:absence|manque)\s+de\s+tests?",
            r"(?:pas\s+de|aucun)\s+tests?",
            r"(?:non|jamais|pas\s+été)\s+testée?s?",
            r"tests?\s+insuffisants?",
        ),
        "de": (
            r"fehlende[ns]?\s+(?:tests?|lasttests?|testabdeckung)",
            r"(?:kein|keine|keinen)\s+(?:tests?|lasttests?)",
            r"nicht\s+getestet|ungetestet\w*",
            r"testlücke\w*",
        ),
        "pt": (
            r"(?:falta|ausência)\s+de\s+testes?",
            r"sem\s+(?:nenhum\s+)?testes?",
            r"nenhum\s+teste",
            r"não\s+(?:foi|foram|tinha\s+sido)\s+testad[oa]s?|não\s+testad[oa]s?",
            r"testes\s+insuficientes",
        ),
    },
    # English "the failover was never tested": the way back (failover, rollback) never
    # exercised. Only the way back named as the thing untested counts.
    "untested-rollback": {
        "zh": (
            r"(?:故障切换|主备切换|容灾切换|回滚)(?:方案|流程|预案)?"
            r"(?:从未|从来没有|没有|未)(?:经过|进行过?|做过)?(?:演练|验证|测试)",
        ),
        "ja": (
            r"(?:フェイルオーバー|切り替え|切替|ロールバック)(?:手順)?(?:は|が|の)?(?:一度も)?"
            r"(?:訓練|テスト|試験|検証)(?:を|が)?(?:一度も)?(?:実施)?(?:され|し|行われ)て(?:い)?(?:なかった|ない)",
            r"(?:フェイルオーバー|切り替え|切替|ロールバック)(?:手順)?(?:の)?(?:訓練|テスト|試験|検証)(?:は)?未実施",
        ),
        "ko": (
            r"(?:페일오버|장애\s*조치|롤백)\s*(?:절차\s*)?(?:는|은|가|이)?\s*(?:한\s*번도\s*)?"
            r"(?:테스트|훈련|검증)(?:된\s*적(?:이|은)?\s*없|(?:하|되)지\s*않)",
        ),
    },
    # A setting wrong in production. The taxonomy has no tag for a wrong setting alone: one
    # that reached production went out without the validation that would have caught it,
    # which is ``unsafe-config-change``. A wrong DNS record is ``dns-misconfiguration``.
    "unsafe-config-change": {
        "zh": (r"(?<!DNS)(?<!DNS\s)(?:配置错误|配置失误|错误配置|配置有误)",),
        "ja": (r"(?<!DNS)(?<!DNS\s)(?:設定ミス|設定誤り|設定の誤り|誤設定|設定不備)",),
        "ko": (r"(?<!DNS)(?<!DNS\s)(?:설정|구성)\s*(?:오류|실수)", r"잘못된\s*(?:설정|구성)"),
        "es": (
            rf"errore?s?\s+de\s+configuración{_ES_PT_NOT_DNS}",
            r"configuración\s+(?:errónea|incorrecta|equivocada)",
        ),
        "fr": (
            rf"erreurs?\s+de\s+configuration{_FR_NOT_DNS}",
            r"configuration\s+(?:erronée|incorrecte)|mauvaise\s+configuration",
        ),
        "de": (
            r"(?<!dns-)(?:konfigurationsfehler|fehlkonfiguration)\w*",
            r"falsche[nrs]?\s+konfiguration",
        ),
        "pt": (
            rf"erros?\s+de\s+configuração{_ES_PT_NOT_DNS}",
            r"configuração\s+(?:errada|incorreta)",
        ),
    },
    # English "DNS misconfiguration", "the DNS record was wrong".
    "dns-misconfiguration": {
        "zh": (r"DNS\s?(?:配置错误|记录错误|解析错误)",),
        "ja": (r"DNS\s?(?:の)?(?:設定ミス|設定誤り|レコード(?:の)?誤り)",),
        "ko": (r"DNS\s*(?:설정|레코드)\s*(?:오류|실수)",),
        "es": (r"errore?s?\s+de\s+configuración\s+(?:de|del)\s+(?:los\s+)?dns",),
        "fr": (r"erreurs?\s+de\s+configuration\s+(?:du\s+|de\s+|des\s+)?dns",),
        "de": (r"dns-(?:konfigurationsfehler|fehlkonfiguration)\w*",),
        "pt": (r"erros?\s+de\s+configuração\s+(?:do|de|da)\s+dns",),
    },
    # English "not enough capacity", "capacity planning". A limit reached ("上限に達",
    # "se alcanzó el límite", "Limit erreicht") is left out: it tells what ran out, often under
    # a flood a bug or a wrong setting caused, and says nothing of how the limit was sized.
    "capacity-planning": {
        "zh": (r"容量(?:不足|规划|评估不足)",),
        "ja": (r"(?:容量|キャパシティ)(?:不足|計画)",),
        "ko": (r"용량\s*(?:부족|계획)",),
        "es": (
            r"capacidad\s+insuficiente|falta\s+de\s+capacidad|planificación\s+de\s+(?:la\s+)?capacidad",
        ),
        "fr": (
            r"capacité\s+insuffisante|manque\s+de\s+capacité|planification\s+de\s+(?:la\s+)?capacité",
        ),
        "de": (
            r"kapazitätsengp[aä]ss\w*|kapazitätsplanung|(?:zu\s+wenig|unzureichende|fehlende)\s+kapazität\w*",
        ),
        "pt": (
            r"capacidade\s+insuficiente|falta\s+de\s+capacidade|planejamento\s+de\s+capacidade",
        ),
    },
    # English "out of memory", "disk full", "connection pool exhausted".
    "resource-exhaustion": {
        "zh": (r"内存(?:溢出|不足|耗尽)", r"磁盘(?:已满|写满|空间不足)", r"连接(?:池)?耗尽"),
        "ja": (
            r"メモリ(?:不足|枯渇)",
            r"ディスク(?:容量)?(?:が)?(?:不足|枯渇|満杯|いっぱい)",
            r"(?:コネクション|接続)(?:プール)?(?:が)?枯渇",
        ),
        "ko": (
            r"메모리\s*(?:부족|고갈)",
            r"디스크\s*(?:용량\s*)?(?:부족|가득)",
            r"(?:커넥션|연결)\s*(?:풀\s*)?고갈",
        ),
        "es": (
            r"sin\s+memoria|memoria\s+agotada|disco\s+lleno",
            r"agotamiento\s+de\s+(?:memoria|conexiones|disco)",
            r"(?:se\s+)?agot(?:ó|aron)\s+(?:la\s+|las\s+)?(?:memoria|conexiones)",
        ),
        "fr": (
            r"mémoire\s+saturée|manque\s+de\s+mémoire|disque\s+plein",
            r"épuisement\s+(?:de\s+la\s+mémoire|des\s+connexions)",
        ),
        "de": (
            r"speicher\s+voll|festplatte\s+voll|arbeitsspeicher\s+erschöpft",
            r"(?:verbindungspool|verbindungen)\s+erschöpft",
        ),
        "pt": (
            r"sem\s+memória|memória\s+esgotada|disco\s+cheio",
            r"esgotamento\s+de\s+(?:memória|conexões)",
        ),
    },
    # English "no timeout", "missing timeout".
    "missing-timeout": {
        "zh": (r"(?:缺少|没有|未设置|未配置)(?:\w{0,2}?)超时",),
        "ja": (r"タイムアウト(?:が|の)?(?:未設定|なかった|なし|設定されていなかった)",),
        "ko": (
            r"타임아웃\s*(?:미설정|부재)",
            r"타임아웃(?:이|을)?\s*(?:없|설정되지\s*않|설정하지\s*않)",
        ),
        "es": (r"(?:sin|falta\s+de)\s+(?:un\s+)?(?:timeout|tiempo\s+(?:límite|de\s+espera))",),
        "fr": (r"(?:sans|pas\s+de|absence\s+de)\s+(?:timeout|délai\s+d['’]\s*expiration)",),
        "de": (r"(?:ohne|kein|keinen|fehlende[nrs]?)\s+(?:timeout|zeitlimit)",),
        "pt": (r"(?:sem|falta\s+de)\s+(?:timeout|tempo\s+limite)",),
    },
    # English "retry storm", "retries overwhelmed".
    "retry-storm": {
        "zh": (r"重试风暴", r"(?:无|没有|未做)退避(?:的)?重试", r"重试(?:没有|未设置|缺少)退避"),
        "ja": (
            r"リトライ(?:ストーム|の嵐)",
            r"再試行の嵐",
            r"バックオフ(?:なし|のない)(?:の)?(?:リトライ|再試行)",
        ),
        "ko": (r"재시도\s*(?:폭주|폭풍)",),
        "es": (
            r"(?:tormenta|avalancha)\s+de\s+reintentos",
            r"reintentos\s+sin\s+(?:espera|backoff)",
        ),
        "fr": (r"(?:tempête|avalanche)\s+de\s+(?:tentatives|réessais|nouvelles\s+tentatives)",),
        "de": (r"wiederholungssturm|retry-sturm|wiederholungen\s+ohne\s+backoff",),
        "pt": (
            r"(?:tempestade|avalanche)\s+de\s+(?:retentativas|tentativas)",
            r"retentativas\s+sem\s+backoff",
        ),
    },
    # English "the provider had an outage", "dependency failure".
    "dependency-failure": {
        "zh": (r"(?:依赖|第三方|上游|外部)(?:服务|接口|系统)?(?:故障|宕机|不可用|异常)",),
        "ja": (r"(?:依存先|外部サービス|上流|外部API)(?:の)?(?:障害|停止|ダウン)",),
        "ko": (r"(?:외부|의존|연동|업스트림)\s*(?:서비스|API|시스템)?\s*(?:장애|중단)",),
        "es": (
            r"(?:fallo|caída|falla)\s+(?:del|de\s+un|de\s+una|de\s+la)\s+(?:proveedor|dependencia|servicio\s+externo)",
        ),
        "fr": (
            r"(?:panne|défaillance)\s+(?:du|d['’]\s*un|d['’]\s*une|de\s+la)\s*(?:fournisseur|prestataire|dépendance|service\s+externe)",
        ),
        "de": (
            # German joins the kind of provider to the word: "des Zahlungsanbieters".
            r"ausfall\s+(?:des|eines|der|einer)\s+(?:\w*(?:anbieters|dienstleisters)|externen\s+dienstes|"
            r"abhängigkeit)",
        ),
        "pt": (
            r"(?:falha|queda)\s+(?:do|de\s+um|de\s+uma|da)\s+(?:fornecedor|provedor|dependência|serviço\s+externo)",
        ),
    },
    # English "without a canary", "deployed to all hosts at once".
    "unsafe-deploy": {
        "zh": (r"(?:没有|未做|缺少|未经)灰度", r"(?:直接|一次性)全量(?:发布|上线|部署)"),
        "ja": (
            r"(?:カナリア|段階的)(?:リリース|デプロイ|展開)?(?:を)?(?:せず|なし|しなかった|していなかった)",
            r"一斉(?:に)?(?:リリース|デプロイ)",
        ),
        "ko": (r"(?:카나리|단계적)\s*배포\s*(?:없이|부재|를\s*하지\s*않)", r"(?:전체|일괄)\s*배포"),
        "es": (r"sin\s+(?:despliegue\s+)?(?:canario|gradual|progresivo|escalonado)",),
        "fr": (r"sans\s+(?:déploiement\s+)?(?:canari|progressif|graduel)",),
        "de": (r"ohne\s+(?:canary|(?:schrittweisen|gestaffelten|stufenweisen)\s+rollout)",),
        "pt": (r"sem\s+(?:implantação\s+|deploy\s+)?(?:canário|gradual|progressiv[oa])",),
    },
    # English "without review", "was not reviewed".
    "change-review-gap": {
        "zh": (r"(?:没有|未经|缺少)(?:代码)?(?:评审|审核|review)",),
        "ja": (r"レビュー(?:なし|されていなかった|を経ず)",),
        "ko": (r"(?:리뷰|검토)\s*없이",),
        "es": (r"sin\s+(?:revisión|revisar)",),
        "fr": (r"sans\s+(?:relecture|revue)",),
        "de": (r"ohne\s+(?:review|prüfung|vier-augen-prinzip)",),
        "pt": (r"sem\s+(?:revisão|revisar)",),
    },
    # English "no runbook", "the runbook was outdated".
    "runbook-gap": {
        "zh": (
            r"(?:缺少|缺乏|没有)(?:\w{0,4}?)(?:预案|操作手册|运维手册|处理手册|runbook|文档)",
            r"(?:预案|操作手册|运维手册|文档)(?:缺失|过时|过期)",
        ),
        "ja": (
            r"(?:手順書|ランブック|マニュアル|運用手順)(?:が|の)?(?:不足|未整備|なかった|古かった|欠如)",
        ),
        "ko": (
            r"(?:런북|매뉴얼|대응\s*절차)\s*(?:부재|미비|누락)",
            r"(?:런북|매뉴얼|대응\s*절차)(?:이|가)\s*없",
        ),
        "es": (
            r"(?:falta|ausencia)\s+de\s+(?:runbook|procedimientos?|manual|documentación)",
            r"sin\s+(?:runbook|procedimiento\s+documentado|manual)",
            r"documentación\s+(?:desactualizada|obsoleta)",
        ),
        "fr": (
            r"(?:absence|manque)\s+de\s+(?:runbook|procédures?|documentation)",
            r"(?:pas\s+de|aucune?)\s+(?:runbook|procédure)",
            r"documentation\s+(?:obsolète|périmée)",
        ),
        "de": (
            r"(?:fehlende[ns]?|kein|keine)\s+(?:runbook|dokumentation|anleitung|betriebsanleitung)",
            r"(?:veraltete[ns]?)\s+(?:runbook|dokumentation|anleitung)",
        ),
        "pt": (
            r"(?:falta|ausência)\s+de\s+(?:runbook|procedimentos?|manual|documentação)",
            r"sem\s+(?:runbook|procedimento\s+documentado|manual)",
            r"documentação\s+desatualizada",
        ),
    },
    # English "on-call was alone", "nobody on call".
    "understaffed-on-call": {
        "zh": (r"值班(?:人手|人员)?不足", r"(?:只有|仅)一(?:人|名工程师)值班", r"无人值班"),
        "ja": (r"(?:オンコール|当番)(?:体制|要員)?(?:が)?(?:不足|一人|1人)", r"人手不足"),
        "ko": (r"(?:당직|온콜)\s*(?:인원|인력)?\s*(?:부족|한\s*명)",),
        "es": (
            r"(?:guardia|persona\s+de\s+guardia)\s+(?:sola|sobrecargada|saturada)",
            r"(?:falta\s+de\s+personal|nadie)\s+de\s+guardia",
        ),
        # "personne d'astreinte" is "the person on call", no one missing: left out.
        "fr": (
            r"astreinte\s+(?:seule|surchargée|en\s+sous-effectif)",
            r"(?:pas\s+d['’]\s*|aucune\s+)astreinte",
        ),
        "de": (
            r"rufbereitschaft\s+(?:unterbesetzt|allein|überlastet)",
            r"(?:keine|niemand\s+in)\s+rufbereitschaft",
        ),
        "pt": (
            r"plantão\s+(?:sobrecarregado|sozinho)",
            r"(?:ninguém|falta\s+de\s+pessoal)\s+(?:de|no)\s+plantão",
        ),
    },
}

#: Words that deny the factor named right after them, by language: "并非配置错误", "no hubo
#: ningún error de configuración", "kein Konfigurationsfehler". Spanish "no" is English's too,
#: and read there already. At most two words may stand between, none of them "and" ("keine
#: Tests und nicht überwacht" names two factors), and no comma.
_BETWEEN = r"(?:[^\w.?!;:,]+(?!(?:und|oder|y|o|et|ou|e)\b)\w+){0,2}[^\w.?!;:,]*$"
DENIED_BEFORE: dict[str, str] = {
    # "没有监控" is itself a cue: a denial counts only before the cue's own words.
    "zh": r"(?:(?:不是|并非|并不是|排除了?|不存在)[^\s，。；！？,.;!?]{0,3}|(?:没有|未发现))$",
    "es": rf"\b(?:ningún|ninguna|nunca|sin){_BETWEEN}",
    "fr": rf"\b(?:pas|aucun|aucune|jamais|sans|ni){_BETWEEN}",
    "de": rf"\b(?:kein|keine|keinen|keiner|nicht|nie|ohne){_BETWEEN}",
    "pt": rf"\b(?:não|nenhum|nenhuma|nunca|sem|nem){_BETWEEN}",
}
#: Japanese and Korean deny after the words: "設定ミスではなかった", "설정 오류는 아니었다".
DENIED_AFTER: dict[str, str] = {
    "ja": r"^(?:で|は|が)?(?:は)?(?:な[いく]|なかった|ありません)",
    "ko": r"^\s*(?:이|가|은|는)?\s*(?:아니|없었)",
}


def other_language_cues(tag: str) -> str | None:
    """The words of ``tag`` in every language of :data:`FACTOR_WORDS` as one regular
    expression, or None for a tag the table does not hold."""
    words = FACTOR_WORDS.get(tag)
    return words_pattern(words) if words else None


def denied_before() -> str:
    """Every language's words that deny what follows them, as one regular expression."""
    return "|".join(f"(?:{words})" for words in DENIED_BEFORE.values())


def denied_after() -> str:
    """Every language's words that deny what precedes them, as one regular expression."""
    return "|".join(f"(?:{words})" for words in DENIED_AFTER.values())
