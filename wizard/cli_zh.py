"""Chinese texts of the command line's help (``--lang zh`` or a ``zh_*`` locale).

Keyed by the English text, so the parser is written once in English and translated as a
whole by :func:`wizard.cli.localize`. Options, commands and error texts stay as they are.
"""

from __future__ import annotations

HELP_ZH: dict[str, str] = {
    # argparse's own words
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    # top level
    "Find out why pushing a container image to a registry fails, and get the commands that fix it. "
    "Without a subcommand, opens the interactive wizard.": "找出容器镜像推送到仓库失败的原因，并给出修复命令。不带子命令时打开交互式向导。",
    "Exit codes: 0 diagnosis reached, 1 invalid tree, 2 bad input or usage, 3 a question needs an answer.": (
        "退出码：0 已得出诊断，1 决策树无效，2 输入或用法错误，3 有问题需要回答。"
    ),
    "add a directory of team tree files (also $REGISTRY_WIZARD_TREE_DIR)": "添加团队自己的决策树目录（也可用 $REGISTRY_WIZARD_TREE_DIR）",
    "language (default: from LANG)": "界面语言（默认取自 LANG）",
    "the error text that the push printed": "推送时输出的错误文本",
    "read the error text from FILE ('-' for stdin)": "从 FILE 读取错误文本（'-' 表示标准输入）",
    "the registry pushed to": "推送的目标仓库",
    "the image reference pushed": "推送的镜像引用",
    "give any other fact (repeatable), e.g. --fact endpoints=a:5000,b:5000": "提供其他事实（可重复），例如 --fact endpoints=a:5000,b:5000",
    "read machine files (daemon.json, certs.d...) under DIR": "在 DIR 下读取本机文件（daemon.json、certs.d 等）",
    "per-probe timeout (default 4)": "每项检查的超时秒数（默认 4）",
    "COMMAND": "命令",
    # match
    "rank the likely causes of an error text": "对错误文本的可能原因排序",
    "Rank the likely causes of an error text.": "对错误文本的可能原因排序。",
    "the error text, or '-' to read stdin": "错误文本，或 '-' 表示从标准输入读取",
    "print JSON": "输出 JSON",
    'match every line {"id", "text"} of FILE, print one JSON line each': '逐行匹配 FILE 中的 {"id", "text"}，每行输出一条 JSON',
    # diagnose
    "the whole walk without a screen (for scripts and CI)": "无界面完成整个诊断（用于脚本和 CI）",
    "Walk the tree without a screen: match the error, run probes, stop at a diagnosis or a question.": (
        "无界面遍历决策树：匹配错误、运行检查，在得出诊断或遇到问题时停止。"
    ),
    "answer a question up front (repeatable)": "预先回答问题（可重复）",
    "start at this node instead of the best match": "从该节点开始，而不是最佳匹配",
    "allow probes that start (and cancel) a test upload": "允许发起（并取消）测试上传的写入型检查",
    "show commands for one platform only": "只显示某一平台的命令",
    # probe
    "run one probe": "运行单项检查",
    "Run one probe and print its result.": "运行单项检查并打印结果。",
    "probe name (omit to list probes)": "检查名称（省略则列出所有检查）",
    "probe arguments": "检查参数",
    "read machine files under DIR": "在 DIR 下读取本机文件",
    # lab
    "hands-on labs: start a deliberately broken registry on loopback": "动手实验：在回环地址上启动一个故意配置错误的仓库",
    "Start a real, deliberately misconfigured registry on 127.0.0.1, try the failing push, fix it.": (
        "在 127.0.0.1 上启动一个真实的、故意配置错误的仓库，尝试会失败的推送，然后修复它。"
    ),
    "list the labs": "列出所有实验",
    "start a lab (stays in the foreground; Ctrl-C stops it)": "启动实验（在前台运行；Ctrl-C 停止）",
    "lab name (see `lab list`)": "实验名称（见 `lab list`）",
    "stop a running lab (all when no name is given)": "停止运行中的实验（不给名称则全部停止）",
    "ACTION": "操作",
    # serve
    "the wizard in a browser (textual-serve), bound to localhost": "在浏览器中使用向导（textual-serve），只绑定 localhost",
    "Serve the interactive wizard over HTTP. Each browser tab runs its own wizard on THIS machine: "
    "the probes check this machine, not the viewer's.": "通过 HTTP 提供交互式向导。每个浏览器标签页都在本机运行自己的向导：检查的是本机，而不是浏览者的机器。",
    "address to bind (default 127.0.0.1)": "绑定地址（默认 127.0.0.1）",
    "TCP port (default 8000)": "TCP 端口（默认 8000）",
    "the URL browsers use (behind a proxy)": "浏览器访问使用的 URL（位于代理之后时）",
    # tree
    "validate, list or draw the decision tree": "校验、列出或绘制决策树",
    "Validate, list or draw the decision tree.": "校验、列出或绘制决策树。",
    "check every tree file; exit 1 listing every problem": "检查每个决策树文件；有问题时全部列出并以 1 退出",
    "accept texts without a Chinese translation (for English-only team trees)": "接受没有中文翻译的文本（用于只有英文的团队决策树）",
    "validate only the --tree-dir directories": "只校验 --tree-dir 指定的目录",
    "list every node": "列出所有节点",
    'print [{"id", "kind", "category", "title", "file"}]': '输出 [{"id", "kind", "category", "title", "file"}]',
    "draw the tree": "绘制决策树",
}
