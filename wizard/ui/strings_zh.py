"""Simplified Chinese texts of the interface, one for every key of ``strings.EN``.

Key names (ctrl+s, enter, t, v, e ...), commands, probe names and ``{placeholders}`` stay
exactly as in English; tests/unit/test_strings_zh.py checks that every English key has a
Chinese text with the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping

ZH: Mapping[str, str] = {
    # app-wide
    "app.title": "registry-wizard",
    "app.subtitle": "镜像推送为什么失败？",
    "key.quit": "退出",
    "key.help": "帮助",
    "key.theme": "主题",
    "key.back": "返回",
    "key.browse": "浏览",
    "key.search": "搜索",
    "key.details": "详情",
    "key.start": "诊断",
    "key.triage": "综合排查",
    "key.pick": "选择",
    "key.copy": "全部复制",
    "key.verify": "验证",
    "key.export": "导出",
    "key.platform": "平台",
    "key.close": "关闭",
    "key.palette": "命令面板",
    # paste screen
    "paste.title": "粘贴错误文本",
    "paste.truncated": "[… 日志开头的 {size} 未在此显示；匹配时使用完整日志 …]",
    "paste.intro": (
        "粘贴推送失败时输出的内容（整段日志也可以），可以再填上仓库和镜像，然后按 ctrl+s。"
        "不粘贴文本时，向导会直接从仓库本身开始检查。"
    ),
    "paste.registry": "仓库（host[:port]，可选）",
    "paste.image": "镜像引用（可选）",
    "paste.start": "诊断 (ctrl+s)",
    "paste.browse": "浏览决策树 (ctrl+b)",
    "paste.matched": "已识别：{title}（{category}）",
    "paste.unmatched": "暂未识别出已知问题：将从综合排查开始。",
    "paste.bad_fact": "{field}：{error}",
    "paste.need_input": "请粘贴错误文本，或者至少填写仓库。",
    "paste.no_registry": "文本中没有仓库地址：请填写“仓库”一栏，以便运行实时检查。",
    # candidates screen
    "cand.title": "是下面哪一种？",
    "cand.intro": (
        "这段文本与多个已知故障相符。请选出最接近的一项（按 1-9 或 enter），或者按 t 开始综合排查。"
    ),
    "cand.evidence": "在你的文本中匹配到",
    "cand.facts": "找到的事实",
    "cand.no_facts": "（无）",
    "cand.triage": "都不是：开始综合排查",
    # node screen
    "node.probes": "检查",
    "node.path": "已走过的路径",
    "node.path_empty": "粘贴的文本直接指向这个原因：不需要任何检查或提问。",
    "node.facts": "事实",
    "node.question_keys": "按 1-{n} 或点击一个答案。",
    "node.waiting": "正在运行 {probe} …",
    "node.missing": "无法运行 {probe}：缺少 {facts}",
    "node.auto": "已根据事实自动回答：{label}",
    "probe.pass": "通过",
    "probe.fail": "失败",
    "probe.unknown": "未知",
    "probe.running": "运行中",
    # solution screen
    "sol.diagnosis": "诊断结果",
    "sol.why": "原因",
    "sol.fix": "修复",
    "sol.copy": "复制",
    "sol.copied": "已复制到剪贴板（{how}）。",
    "sol.copied_osc": "已发送到终端的剪贴板（OSC 52）。如果没有收到，请在屏幕上直接选中文本。",
    "sol.no_commands": "此平台没有对应的命令。",
    "sol.verify": "验证修复 (v)",
    "sol.export": "导出报告 (e)",
    "sol.verify_none": "此解决方案没有验证检查；请重新推送一次来确认。",
    "sol.verify_running": "正在检查修复是否生效 …",
    "sol.verify_ok": "已修复：每项检查都给出了预期结果。",
    "sol.verify_bad": "尚未修复：仍有 {n} 项检查失败。",
    "sol.verify_unknown": "无法判断：有 {n} 项检查没有给出结果。",
    "sol.exported": "报告已写入 {path}",
    "sol.export_failed": "无法写入报告：{error}",
    "sol.platform": "平台",
    # browse screen
    "browse.title": "浏览决策树",
    "browse.hint": "在左侧选择一个节点；按 / 或 ctrl+p 可搜索标题、说明和示例。",
    "browse.kind": "类型",
    "kind.question": "问题",
    "kind.probe": "检查",
    "kind.solution": "解决方案",
    "browse.category": "类别",
    "browse.question": "问题",
    "browse.options": "答案",
    "browse.probe": "检查项",
    "browse.branches": "结果分支",
    "browse.commands": "命令",
    "browse.verify": "验证",
    "browse.examples": "示例",
    "browse.source": "来源",
    "browse.file": "定义位置",
    "browse.lab": "在实验中动手试试",
    "browse.lab_hint": "在本机启动一个真实的、故意配置错误的仓库（只监听回环地址），重现推送失败，再修好它：",
    "search.open": "打开 {title}",
    "search.help": "在决策树浏览界面中打开此节点",
    # help dialog
    "help.title": "帮助",
    "help.intro": (
        "registry-wizard 用来找出容器镜像推送失败的原因。粘贴错误信息后，它会匹配已知故障，"
        "运行实时检查（DNS、TCP、TLS、仓库 API、凭据、守护进程设置），只询问检查无法判断的"
        "问题，最后给出诊断结果以及修复所需的命令。"
    ),
    "help.keys": "本屏幕的按键",
    "help.mouse": "鼠标在任何地方都可用：点击答案、按钮和决策树条目；拖动即可选中文本。",
}
"""Chinese interface texts by key (the keys of ``strings.EN``)."""
