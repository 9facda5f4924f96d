"""Simplified Chinese texts of the lab scenarios, used by ``registry-wizard lab`` in Chinese.

``SCENARIOS_ZH`` maps every scenario name registered in :mod:`wizard.lab.scenarios` (see
:func:`~wizard.lab.scenarios.load_all`) to ``{"title", "broken", "hint"}`` in Chinese.
``registry-wizard lab list`` and ``lab start`` print these texts instead of the English ones
with ``--lang zh`` or under a zh locale. Commands, flags, file paths, config keys, product
and program names, HTTP status codes and quoted error texts stay as in English;
tests/unit/test_scenarios_zh.py checks that every scenario is covered and none is stale.
"""

from __future__ import annotations

from collections.abc import Mapping

SCENARIOS_ZH: Mapping[str, Mapping[str, str]] = {
    # auth
    "auth-not-logged-in": {
        "title": "仓库要求登录，但本机没有保存任何凭据",
        "broken": "仓库使用 htpasswd（Basic）认证；config.json 中没有该仓库的条目。",
        "hint": "登录时使用与镜像名中写法完全一致的仓库主机名，并通过 stdin 输入密码。",
    },
    "auth-pull-only": {
        "title": "该账号可以拉取，但不能推送",
        "broken": "令牌认证：令牌服务对所有 repository 只授予 dave pull（拉取）权限。",
        "hint": "查明令牌授予了哪些操作，然后换一个有推送权限的账号来推送。",
    },
    "auth-wrong-password": {
        "title": "保存的密码不对",
        "broken": "config.json 中保存的是 alice 的旧密码；仓库的 htpasswd 中已经是新密码。",
        "hint": "先登出，再用当前密码重新登录。",
    },
    # daemon
    "daemon-json-invalid": {
        "title": "daemon.json 不是合法的 JSON，因此 dockerd 根本没有启动",
        "broken": (
            "/etc/docker/daemon.json 中多了一个结尾逗号；dockerd 拒绝启动，它的套接字不存在，"
            "因此无法从守护进程中取出镜像。"
        ),
        "hint": (
            "查看守护进程自己的报错（journalctl -u docker），按向导给出的行号和列号修正 JSON，"
            "用 dockerd --validate 验证，然后启动 dockerd。"
        ),
    },
    "daemon-json-not-loaded": {
        "title": "daemon.json 已经改好，但正在运行的 dockerd 从未加载它",
        "broken": (
            "该仓库使用纯 HTTP。有人已把它加入 /etc/docker/daemon.json 的 insecure-registries，"
            "但没有重启 dockerd，所以正在运行的守护进程仍然坚持使用 HTTPS。"
        ),
        "hint": (
            "把 daemon.json 与 `docker info` 的输出（Insecure Registries）对比；"
            "重启或重新加载 dockerd，让它重新读取该文件。"
        ),
    },
    # name
    "name-empty-variable": {
        "title": "一个空变量在镜像名中留下了缺口",
        "broken": "目标镜像名由 $REGISTRY/$PROJECT/hello:v1 拼接而成，而 PROJECT 没有设置。",
        "hint": "打印镜像引用时在两端加上分隔符，以便看出空缺；变量为空时让脚本立即停止。",
    },
    "name-tag-missing": {
        "title": "要推送的镜像在该标签下不存在",
        "broken": "构建写出的 OCI layout 使用的标签是 'latest'；推送请求的却是标签 'v1'。",
        "hint": (
            "列出源中实际有哪些镜像（index.json 的 annotations、docker images），"
            "然后推送那个名称，或者先给镜像打上标签。"
        ),
    },
    "name-uppercase": {
        "title": "镜像名的 repository 部分含有大写字母",
        "broken": "目标是 REGISTRY/Lab/Hello:v1；repository 路径必须全部小写。",
        "hint": "改用小写名称打标签并推送（仓库主机名部分可以保留大写）。",
    },
    # network
    "net-dns-nxdomain": {
        "title": "仓库的域名不存在",
        "broken": "镜像名中的仓库是 registry.invalid；（实验用的）DNS 服务器返回 NXDOMAIN。",
        "hint": "使用能够解析的名称，或者把该名称加入 DNS 或 /etc/hosts。",
    },
    "net-dns-resolver-down": {
        "title": "resolv.conf 中的 DNS 服务器没有响应",
        "broken": "/etc/resolv.conf 指定的 DNS 服务器地址上没有任何服务在监听；每次查询都会失败。",
        "hint": "让 /etc/resolv.conf（或 systemd-resolved，或 VPN）指向一台可用的 DNS 服务器。",
    },
    "net-refused": {
        "title": "仓库的端口上没有任何服务在监听",
        "broken": "镜像名指向 127.0.0.1 上的一个端口，而该端口上没有运行任何仓库。",
        "hint": "启动仓库，或者推送到它实际监听的端口。",
    },
    "net-silent-server": {
        "title": "端口接受连接，却始终不应答",
        "broken": "有程序在仓库的端口上接受 TCP 连接，之后却一言不发。",
        "hint": "查明该端口上实际在监听的是什么（卡死的仓库、失效的负载均衡后端），然后重启或修复它。",
    },
    # proxy
    "proxy-auth-required": {
        "title": "代理要求提供凭据",
        "broken": "tinyproxy 要求 Basic 认证；HTTPS_PROXY 中没有用户名和密码。",
        "hint": "把代理的用户名和密码写进代理 URL（密码要通过读取输入获得，不要直接敲在命令行上）。",
    },
    "proxy-connect-port": {
        "title": "代理只允许建立到 443 端口的隧道",
        "broken": "tinyproxy 只允许 CONNECT 到 443 和 563 端口（Debian 的默认配置）；而仓库在另一个端口上。",
        "hint": "用 NO_PROXY 让该仓库绕过代理，或者在代理上放行它的端口。",
    },
    "proxy-dead": {
        "title": "HTTPS_PROXY 指向一个没有运行的代理",
        "broken": "shell 导出的 HTTPS_PROXY 指向一个没有任何服务在监听的端口。",
        "hint": "改正代理地址，或者用 NO_PROXY 让该仓库绕过代理。",
    },
    "proxy-https-scheme": {
        "title": "纯 HTTP 代理的 HTTPS_PROXY 却写成了 https://",
        "broken": "代理 URL 写的是 https://，于是 Go 用 TLS 与 tinyproxy 通信，而 tinyproxy 只使用纯 HTTP。",
        "hint": "把代理 URL 写成 http://（经代理到仓库的隧道仍然使用 TLS）。",
    },
    "proxy-no-proxy-missing": {
        "title": "NO_PROXY 列出了其他主机，唯独没有这个仓库",
        "broken": (
            "NO_PROXY 豁免了 localhost 和 127.0.0.1，但推送时是按名称访问仓库的，"
            "而这个代理无法使用。"
        ),
        "hint": "把仓库的名称（或 .test）加入 NO_PROXY：Go 从不拿名称去匹配 IP 条目。",
    },
    # replication
    "replication-missing-on-replica": {
        "title": "推送到了主仓库，却从尚未同步该镜像的副本拉取",
        "broken": "共有两个仓库；lab/app:v1 只存在于主仓库上。",
        "hint": "比较各个端点上该标签的摘要（digest）；等复制完成（或修好复制）后再从副本拉取。",
    },
    # server
    "server-nginx-body-limit": {
        "title": "前置的 nginx 拒绝超过 1 KiB 的层",
        "broken": "nginx 代理 /v2/ 时设置了 client_max_body_size 1k。",
        "hint": "为 /v2/ 设置 client_max_body_size 0（以及 proxy_request_buffering off）。",
    },
    "server-nginx-dead-upstream": {
        "title": "前面有 nginx，但它后面的仓库已经停止运行",
        "broken": "nginx 把 /v2/ 代理到一个没有任何服务在监听的端口：每个请求都得到 502。",
        "hint": "启动仓库（或修正 proxy_pass），并查看 nginx 的 error.log。",
    },
    "server-nginx-tls-no-forwarded-proto": {
        "title": "nginx 终结了 TLS，却没有把原始协议（scheme）告诉仓库",
        "broken": (
            "nginx 终结 TLS 后把请求代理给使用纯 HTTP 的仓库，并替换了传入的 X-Forwarded-Proto："
            "返回的上传 URL 是指向 TLS 端口的 http:// 地址。"
        ),
        "hint": "在 /v2/ 的 location 中加上 proxy_set_header X-Forwarded-Proto $scheme（以及 Host）。",
    },
    "server-nginx-writes-forbidden": {
        "title": "前置的 nginx 禁止一切写操作",
        "broken": "对 /v2/ 上除 GET 和 HEAD 以外的所有请求，nginx 都返回 403。",
        "hint": "仓库本身没有问题：修改代理针对写方法的访问规则。",
    },
    "server-read-only": {
        "title": "仓库处于只读维护模式",
        "broken": "storage.maintenance.readonly.enabled 为 true：读操作正常，每个写操作都得到 405。",
        "hint": "在仓库的 config.yml 中关闭只读模式，然后重启仓库。",
    },
    "server-storage-unwritable": {
        "title": "仓库无法写入自己的存储目录",
        "broken": "仓库以 nobody 用户运行；它的 rootdirectory 属于 root（权限 0755）。",
        "hint": "查看仓库日志（或允许运行写入探测）找到 errno，然后把存储目录 chown 给仓库的运行用户。",
    },
    # tls
    "tls-ca-saved-as-cert": {
        "title": "CA 被保存成了 ca.cert",
        "broken": (
            "certs.d 中放的是正确的 CA，但文件名是 ca.cert，"
            "客户端会把它当作缺少私钥的客户端证书来读取。"
        ),
        "hint": "把 ca.cert 重命名为 ca.crt。",
    },
    "tls-ca-under-other-name": {
        "title": "CA 放在 certs.d 的 localhost 目录下，推送却发往 127.0.0.1",
        "broken": "certs.d/localhost:PORT/ca.crt 存在；而镜像名写的是 127.0.0.1:PORT，对应的是另一个目录。",
        "hint": (
            "certs.d 按仓库的原样写法查找目录：把该目录复制一份，命名为 127.0.0.1:PORT"
            "（或者推送到 localhost:PORT）。"
        ),
    },
    "tls-client-cert": {
        "title": "仓库前面的 nginx 要求客户端证书",
        "broken": (
            "仓库前面的 nginx 设置了 ssl_verify_client on；客户端没有发送证书，"
            "nginx 对第一个请求就返回 400。"
        ),
        "hint": "把客户端证书和私钥（client.cert + client.key）放到该仓库的 certs.d 目录中，与 ca.crt 放在一起。",
    },
    "tls-expired": {
        "title": "仓库的证书昨天已经过期",
        "broken": "证书的 notAfter 已经是过去的时间；CA 是受信任的。",
        "hint": "签发一张新证书，并用它重启仓库。",
    },
    "tls-ip-not-in-cert": {
        "title": "通过 IP 推送，而证书是为域名签发的",
        "broken": "证书只列出了 DNS:localhost；推送却发往 127.0.0.1。",
        "hint": "推送到 localhost:<port>，或者重新签发包含 IP:127.0.0.1 的证书。",
    },
    "tls-legacy-cn": {
        "title": "证书只有 Common Name",
        "broken": "证书有 CN=localhost，但没有 subjectAltName；Go 会忽略 CN。",
        "hint": "重新签发带有 subjectAltName=DNS:localhost 的证书。",
    },
    "tls-not-yet-valid": {
        "title": "仓库的证书明天才生效",
        "broken": "证书的 notBefore 是将来的时间；时钟是准确的。",
        "hint": "签发一张从现在（或过去某个时间）起生效的证书。",
    },
    "tls-plain-http": {
        "title": "仓库使用纯 HTTP",
        "broken": "仓库监听时完全没有启用 TLS；而客户端默认坚持使用 HTTPS。",
        "hint": (
            "先推送一次并阅读报错，然后让客户端把这个仓库视为不安全仓库"
            "（skopeo/podman 用 registries.conf，dockerd 用 insecure-registries）。"
        ),
    },
    "tls-private-ca": {
        "title": "仓库的证书来自一个没人安装过的私有 CA",
        "broken": "仓库使用由实验 CA 签名的证书；certs.d 中没有为它准备任何文件。",
        "hint": (
            "把实验 CA 安装为 /etc/containers/certs.d/<host:port>/ca.crt"
            "（或者用 --dest-cert-dir 指定一个包含 ca.crt 的目录）。"
        ),
    },
    "tls-self-signed": {
        "title": "仓库使用自签名证书",
        "broken": "证书由它自己签名；本机没有任何 CA 为它担保。",
        "hint": (
            "把该证书本身当作 CA 来信任（以 ca.crt 放入 certs.d），"
            "更好的做法是由客户端信任的 CA 签发一张证书。"
        ),
    },
    "tls-wrong-name": {
        "title": "证书是为另一个名称签发的",
        "broken": "证书是为 registry.example.com 签发的；推送却发往 localhost。",
        "hint": "用证书覆盖的名称来推送，或者为你使用的名称重新签发证书。",
    },
}
"""Scenario name -> ``{"title": ..., "broken": ..., "hint": ...}`` in Simplified Chinese."""
