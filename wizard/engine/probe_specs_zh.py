"""Simplified Chinese texts of the probe catalogue, used when the wizard speaks Chinese.

``DOC_ZH`` maps every probe name of :data:`wizard.engine.probe_specs.SPECS` to the Chinese
of its ``doc``; ``OUTCOME_ZH`` maps every probe name to ``{outcome: Chinese description}``
for every one of its ``outcome_docs`` (including ``unknown``). Both are keyed exactly like
``SPECS``. File paths, config keys, HTTP status codes, program names and quoted error texts
stay as in English; tests/unit/test_probe_specs_zh.py checks that nothing is missing or stale.
"""

from __future__ import annotations

from collections.abc import Mapping

_UNKNOWN = "探测无法判断"

DOC_ZH: Mapping[str, str] = {
    "dns.resolve": "按客户端的方式解析仓库主机名。",
    "tcp.connect": "建立到仓库端口的 TCP 连接。",
    "tls.inspect": (
        "用 TLS 连接仓库端口，读取证书链、名称和有效期，"
        "并对照系统证书库和 certs.d 检查证书是否受信任。"
    ),
    "certs.dir": (
        "按客户端读取证书文件的规则，检查 <root>/etc/docker/certs.d/<host:port>/ "
        "和 <root>/etc/containers/certs.d/<host:port>/。"
    ),
    "registry.ping": "请求 GET /v2/（先试 HTTPS，再试 HTTP），读取 API 版本和认证质询。",
    "auth.credentials": (
        "找出客户端会向该仓库发送的凭据：DOCKER_CONFIG 或 ~/.docker/config.json 中的 "
        "auths、credsStore、credHelpers（会实际调用凭据助手）。"
    ),
    "auth.check": (
        "试用已保存的凭据：对 /v2/ 做 Basic 认证，或为 repository:<name>:push,pull "
        "做 Bearer 令牌交换，并查看令牌授予了哪些操作。"
    ),
    "registry.upload": (
        "写入型探测：发起一次 blob 上传（POST /v2/<repo>/blobs/uploads/），"
        "可选地发送一个数据块，然后取消上传。仅在用户同意后运行。"
    ),
    "daemon.config": (
        "读取 dockerd 使用的 daemon.json（<root>/etc/docker/daemon.json、rootless 模式下的 "
        "~/.config/docker/daemon.json，或服务单元中 --config-file 指定的文件）：检查 JSON "
        "语法（按 dockerd 的措辞给出行号和列号）、未知的键、同时又以命令行参数给出的键以及"
        "错误的值；然后通过 DOCKER_HOST unix 套接字上的 GET /info，将 insecure-registries、"
        "镜像加速器和代理设置与正在运行的守护进程进行比较。"
    ),
    "daemon.insecure": (
        "该仓库是否已列入 insecure-registries：daemon.json 中有没有，正在运行的守护进程中有没有？"
    ),
    "daemon.running": "能否通过套接字（DOCKER_HOST）访问容器引擎？",
    "proxy.settings": (
        "客户端和守护进程访问该仓库时使用哪个代理（环境变量、daemon.json 中的 proxies、"
        "systemd drop-in 文件、~/.docker/config.json），按 Go 的 NO_PROXY 规则判断。"
    ),
    "proxy.reachable": "连接到代理，并请求它 CONNECT 到仓库。",
    "reference.parse": (
        "按镜像引用的语法检查镜像引用（``image``；若无法解析，则检查粘贴内容中的原始 "
        "``image_ref``）。"
    ),
    "clock.skew": "将本机时钟与仓库返回的 Date 头进行比较。",
    "replication.compare": (
        "使用客户端的 TLS 信任配置和凭据，同时向每个端点（以逗号分隔的 host:port 列表）"
        "发送 HEAD 请求获取该标签的清单（manifest），并比较 Docker-Content-Digest。"
    ),
    "git.remote": (
        "读取 repo_dir（默认为当前目录）处工作树的推送远程，以及 git 访问它时使用的代理"
        "（http.<url>.proxy、http.proxy、curl 的环境变量、no_proxy）；URL 中的凭据会被隐去。"
    ),
    "ci.tag_filter": (
        "针对所推送的标签（默认为代码仓库中最新的标签），评估 .github/workflows/*.yml"
        "（按 GitHub 的 glob 语义）和 .gitlab-ci.yml（rules、only/except）中的标签过滤条件。"
    ),
}

OUTCOME_ZH: Mapping[str, Mapping[str, str]] = {
    "dns.resolve": {
        "resolved": "该名称可以解析",
        "nxdomain": "该名称不存在（no such host）",
        "literal": "主机是 IP 地址，无需解析",
        "unknown": _UNKNOWN,
    },
    "tcp.connect": {
        "open": "有程序在接受连接",
        "refused": "该端口上没有程序在监听（connection refused）",
        "timeout": "完全没有应答：数据包被丢弃了",
        "unreachable": "没有通往该主机或网络的路由",
        "unknown": _UNKNOWN,
    },
    "tls.inspect": {
        "ok": "TLS 正常，证书受信任且对该名称有效",
        "plain_http": "该端口以明文 HTTP 应答，而不是 TLS",
        "untrusted": "本机不信任该证书链",
        "name_mismatch": "证书未涵盖所使用的名称或 IP",
        "expired": "证书已过期",
        "not_yet_valid": "证书尚未生效（或本机时钟偏慢）",
        "client_cert_required": "服务器要求提供客户端证书",
        "handshake_failed": "TLS 握手因其他原因失败",
        "no_connection": "无法建立 TCP 连接",
        "no_answer": "TCP 能连上，但 TLS 握手在限定时间内没有得到应答",
        "unknown": _UNKNOWN,
    },
    "certs.dir": {
        "ca_present": "存在 *.crt 格式的 CA 文件",
        "ca_misnamed": "CA 被保存成了 *.cert（客户端会把它当作客户端证书读取）",
        "wrong_key": "存在 certs.d 目录，但对应的是该仓库的另一种写法",
        "missing": "没有该仓库的 certs.d 目录或 CA",
        "other_engine": (
            "CA 只放在另一个容器引擎的 certs.d 中（docker 与 podman/skopeo 各用各的），"
            "所指定的客户端不会读取它"
        ),
        "unknown": _UNKNOWN,
    },
    "registry.ping": {
        "ok": "仓库 API 无需凭据即返回 200（通过 HTTPS）",
        "auth_basic": "返回 401 并带有 Basic 质询（通过 HTTPS）",
        "auth_bearer": "返回 401 并带有 Bearer（令牌）质询（通过 HTTPS）",
        "plain_http_only": (
            "只有明文 HTTP 有应答（HTTPS 没有）；该明文 HTTP 应答来自一个正常工作的仓库"
            "（200 或 401；事实 status、auth_scheme）"
        ),
        "tls_error": "HTTPS 因证书错误或握手错误而失败",
        "forbidden": "还未提供任何凭据就返回 403（通过 HTTPS 或明文 HTTP）",
        "bad_gateway": "反向代理返回 502、503 或 504（通过 HTTPS 或明文 HTTP）",
        "server_error": "返回其他 5xx 错误（通过 HTTPS 或明文 HTTP）",
        "not_registry": "对方是 HTTP 服务器，但不是仓库 API",
        "no_connection": "无法连接（连接被拒绝、网络不可达或主机不存在）",
        "timeout": "已连接，但在限定时间内没有应答",
        "unknown": _UNKNOWN,
    },
    "auth.credentials": {
        "present": "已为该仓库保存了凭据",
        "missing": "没有为该仓库保存任何凭据",
        "other_spelling": (
            "没有针对这个确切 host:port 的凭据，但有同一主机另一种写法的凭据"
            "（localhost 与 127.0.0.1，或其他端口）"
        ),
        "helper_missing": "配置的 docker-credential-* 凭据助手未安装",
        "helper_failed": "凭据助手存在，但运行失败或没有对应的条目",
        "config_invalid": "客户端配置文件不是有效的 JSON",
        "unknown": _UNKNOWN,
    },
    "auth.check": {
        "push_allowed": "凭据有效，且授予了推送权限",
        "pull_only": "凭据有效，但只授予了拉取权限",
        "rejected": "仓库或令牌服务拒绝了这些凭据",
        "anonymous_denied": "没有保存凭据，而仓库要求提供凭据",
        "no_auth": "仓库不需要认证",
        "token_service_error": "令牌服务（realm）无法访问、不受信任或工作异常",
        "unknown": _UNKNOWN,
    },
    "registry.upload": {
        "accepted": "仓库接受上传",
        "unauthorized": "401：需要凭据，或凭据被拒绝",
        "denied": "403：账号或代理禁止写入",
        "read_only": "405：仓库处于只读模式",
        "storage_error": "500：存储后端出错",
        "body_too_large": "413：代理拒绝了请求体",
        "server_error": "服务器返回了其他错误",
        "not_permitted": "本次运行不允许写入型探测",
        "unknown": _UNKNOWN,
    },
    "daemon.config": {
        "ok": "daemon.json 有效，且与正在运行的守护进程一致（或没有可比较的守护进程）",
        "missing": "没有 daemon.json",
        "invalid": "daemon.json 不是有效的 JSON，或含有未知或相互冲突的键",
        "not_loaded": "daemon.json 与正在运行的守护进程实际使用的配置不一致",
        "unknown": _UNKNOWN,
    },
    "daemon.insecure": {
        "listed": "已配置并已加载",
        "listed_not_loaded": "已写入 daemon.json，但正在运行的守护进程没有加载它",
        "not_listed": "未配置",
        "config_invalid": "无法读取 daemon.json",
        "unknown": _UNKNOWN,
    },
    "daemon.running": {
        "running": "引擎有应答",
        "not_running": "套接字不存在，或套接字上没有应答",
        "no_permission": "套接字存在，但当前用户无权使用",
        "unknown": _UNKNOWN,
    },
    "proxy.settings": {
        "direct": "未配置代理",
        "proxied": "发往仓库的请求经过代理",
        "bypassed": "配置了代理，但 NO_PROXY 涵盖了该仓库",
        "not_in_daemon": "shell 中为该仓库配置了代理，但实际执行推送的 dockerd 没有配置代理",
        "unknown": _UNKNOWN,
    },
    "proxy.reachable": {
        "ok": "代理能建立到仓库的隧道",
        "refused": "代理地址上没有程序在监听",
        "timeout": "代理没有应答",
        "auth_required": "代理要求提供凭据（407）",
        "forbidden": "代理拒绝建立隧道（403，端口不被允许）",
        "bad_gateway": "代理无法访问仓库",
        "not_tls": "代理 URL 写的是 https://，但代理并不支持 TLS",
        "unknown": _UNKNOWN,
    },
    "reference.parse": {
        "valid": "引用有效，且指明了仓库",
        "uppercase": "镜像名（repository 部分）包含大写字母",
        "invalid": "引用不符合语法（事实 reference_problem 说明原因：empty_part、bad_tag 或 other）",
        "docker_hub": "没有仓库主机：推送会发往 Docker Hub",
        "unknown": _UNKNOWN,
    },
    "clock.skew": {
        "ok": "两边时钟相差不到一分钟",
        "skewed": "两边时钟相差超过一分钟",
        "unknown": _UNKNOWN,
    },
    "replication.compare": {
        "consistent": "所有端点的摘要（digest）都相同",
        "diverged": "各端点返回的摘要（digest）不同",
        "missing_on_some": "部分端点还没有该标签",
        "unknown": _UNKNOWN,
    },
    "git.remote": {
        "https": "远程使用 HTTPS",
        "https_proxied": "远程使用 HTTPS，且 git 访问它时经过代理",
        "ssh": "远程使用 SSH",
        "no_repo": "不是 git 工作树",
        "unknown": _UNKNOWN,
    },
    "ci.tag_filter": {
        "matches": "标签匹配某个过滤条件：流水线应当会运行",
        "no_match": "没有过滤条件匹配该标签：流水线不会运行",
        "no_filter": "该配置对每个标签都会运行",
        "no_config": "未找到 CI 配置",
        "unknown": _UNKNOWN,
    },
}
