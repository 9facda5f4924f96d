"""The fixed list of root-cause categories (shared/taxonomy.md).

Every solution names exactly one. Never rename one: reports, ``match --json`` suspects and
the accuracy benchmark depend on these strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from wizard.engine.text import Text

CATEGORIES: Mapping[str, Text] = MappingProxyType(
    {
        "auth.not_logged_in": Text(
            "No credentials stored for this registry", "没有为该仓库保存登录凭据"
        ),
        "auth.bad_credentials": Text(
            "Stored credentials are wrong or expired", "保存的凭据错误或已过期"
        ),
        "auth.permission_denied": Text(
            "Authenticated, but not allowed to push there", "已认证，但无权推送到该仓库"
        ),
        "auth.credential_helper": Text(
            "The credential helper is missing or failing", "凭据助手缺失或运行失败"
        ),
        "auth.token_service": Text(
            "The token service is unreachable or misconfigured", "令牌服务不可达或配置错误"
        ),
        "tls.http_registry": Text(
            "The registry speaks plain HTTP, the client wants HTTPS",
            "仓库只支持 HTTP，客户端要求 HTTPS",
        ),
        "tls.unknown_authority": Text(
            "The certificate's CA is not trusted", "证书的签发机构（CA）不受信任"
        ),
        "tls.name_mismatch": Text(
            "The certificate does not cover the name used", "证书不包含所使用的主机名或 IP"
        ),
        "tls.expired": Text("The certificate is expired or not yet valid", "证书已过期或尚未生效"),
        "tls.handshake": Text("Another TLS handshake failure", "其他 TLS 握手失败"),
        "name.invalid_reference": Text("The image reference is not valid", "镜像引用格式无效"),
        "name.missing_registry_prefix": Text(
            "The image was not tagged with the registry host", "镜像标签缺少仓库地址前缀"
        ),
        "name.repository_not_found": Text(
            "The repository or project must exist first", "仓库、项目或命名空间需要先创建"
        ),
        "name.tag_missing": Text("The local image or tag does not exist", "本地镜像或标签不存在"),
        "network.dns": Text("The registry host name does not resolve", "仓库主机名无法解析"),
        "network.refused": Text(
            "Nothing listens at that address and port", "该地址和端口上没有服务在监听"
        ),
        "network.timeout": Text("Packets are dropped on the way", "网络包被丢弃（超时）"),
        "network.reset": Text("The connection dies mid-transfer", "传输过程中连接被中断"),
        "proxy.misconfigured": Text(
            "An HTTP proxy is in the way, missing or unreachable", "HTTP 代理配置错误、缺失或不可达"
        ),
        "daemon.config": Text(
            "daemon.json is invalid or was never loaded", "daemon.json 无效或修改未生效"
        ),
        "daemon.not_running": Text(
            "The container engine is not reachable", "容器引擎未运行或无法连接"
        ),
        "server.body_too_large": Text(
            "A reverse proxy rejects large request bodies", "反向代理拒绝过大的请求体"
        ),
        "server.storage": Text("The registry's storage backend fails", "仓库的存储后端故障"),
        "server.error": Text("Another server-side failure", "其他服务端错误"),
        "server.unsupported_manifest": Text(
            "The registry rejects the manifest or media type",
            "仓库拒绝该清单（manifest）或媒体类型",
        ),
        "server.rate_limited": Text("The registry throttles the client", "仓库对客户端限流"),
        "replication.lag": Text(
            "Registry nodes or mirrors disagree about a tag", "多个仓库节点或镜像之间标签不一致"
        ),
        "git.https_403": Text(
            "A git push over HTTPS is refused", "通过 HTTPS 的 git push 被拒绝（403）"
        ),
        "git.proxy": Text(
            "A git push is blocked by a proxy or firewall", "git push 被代理或防火墙阻断"
        ),
        "ci.tag_filter": Text(
            "The CI tag filter does not match the pushed tag", "CI 标签过滤规则与推送的标签不匹配"
        ),
    }
)
"""Category -> a short title for people."""
