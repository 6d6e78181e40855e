## 汇编（charter volume、volume.toml）、输出（PDF、DOCX、模板、字体）、新建机构、
## 工作室的文档编辑，以及各命令关于所写文件的提示。

output-wrote = 已写入 { $path }

## charter volume

volume-no-folder = 找不到文件夹：{ $folder }
volume-no-folder-help = 请给出机构所在的文件夹，例如 charters/orgs/qingshan
volume-unchanged = { $path } 没有变化，未重新生成（{ $regulations }）
volume-one-regulation = 1 份制度
volume-regulations = { $count } 份制度
volume-manifest-unwritten = 无法在 { $dir } 中写入生成记录（manifest）：{ $reason }；下次运行时会重新装订汇编
volume-page = {"  "}第 { $page } 页  { $title }
volume-bound = 已装订 { $regulations }，用时 { $seconds } 秒
volume-failed = { $folder } 中有 { $failed } 份制度有错误，汇编没有生成
volume-failed-help = 请先改正上面列出的错误，再运行 charter volume
volume-empty = { $folder } 中没有制度
volume-empty-help = 汇编装订的是一个机构的制度（不带 model = true 的 .toml 文件）；请给出该机构的文件夹
volume-logo = 标志图片（logo）：{ $reason }
volume-no-charter = { $folder } 中没有“{ $name }”这份制度
volume-listed-twice = “{ $name }”列了两次
volume-in-charters = 在 charters 中
volume-charters-here = 这里的制度有：{ $ids }
volume-two-organisations = { $first } 属于{ $first_org }，{ $other } 属于{ $other_org }：一本汇编只能装订一个机构的制度
volume-two-organisations-help = 请给出一个机构的文件夹，或在 volume.toml 的 charters 中列出要装订的制度
volume-date-option = --date { $text } 不是日期
volume-date-option-help = 日期写成“年-月-日”，例如 --date 2026-01-15
volume-date-invalid = date 不是日历上存在的日期
volume-date-help = 日期写成“年-月-日”，不加引号：date = 2026-01-15
volume-date-label = 不是日期
volume-formats = 汇编只能生成 pdf、docx 或 ofd
volume-formats-help = 请写 --format pdf,docx,ofd（或其中几种）
volume-output-extension = -o { $path }：汇编只能存为 .pdf、.docx 或 .ofd 文件
volume-output-extension-help = 请给出以 .pdf、.docx 或 .ofd 结尾的文件名；不写 -o 则所要的格式都写到 out/<机构文件夹>/ 中
volume-title-control = { $file }：标题中有控制字符（{ $code }）
volume-title-control-label = 这里有控制字符
volume-title-control-help = 标题请只写普通文字
volume-toml-help = volume.toml 可以写：title = "…"（封面标题）、date = YYYY-MM-DD（封面日期）、logo = "文件"（封面标志）、charters = ["id", …]（要装订的制度）
volume-charters-help = 写成 charters = ["id", "id"]：按装订顺序列出各制度的 id（即文件名，不带 .toml）
volume-what = 汇编
volume-typeset-remedy = 少装订几份制度（volume.toml 中的 charters = [...]），或分成几本汇编
volume-own-template = { $source }：模板“{ $template }”在汇编中按正式版式（formal）排版
volume-own-template-help = 汇编中每份制度都用内置的 formal 或 plain 模板排版；DOCX 仍保留该制度自己的字体样式
volume-template-marks = 汇编模板只标出了 { $marked } 份制度，应为 { $count } 份
volume-template-marks-help = templates/volume.typ 用 formal-layout.typ 的 regulation() 排每份制度；请从 charter 自带的模板恢复这两个文件

## PDF（Typst 模板）

pdf-too-much-text = { $what }的文字有 { $size } MB，太多，无法排进一个 PDF（上限 { $limit } MB）
pdf-too-much-text-help = { $remedy }；{ $raise }
pdf-typeset-remedy = 请把这份制度拆成几份（DOCX 和 JSON 不受此限）
pdf-tally-remedy = 这么大的统计表请用 --format text 或 json，它们会列出每一份答卷
pdf-redline-remedy = 请用 --format text 或 json 比较，或把制度拆开
pdf-too-many-pages = { $what } 排版后有 { $pages } 页，超过一个 PDF 最多 { $limit } 页的上限
pdf-too-many-pages-help = 请拆成几份文件；{ $raise }
pdf-a2b-no-date = PDF/A-2b 需要文件日期，而这份制度没有日期
pdf-a2b-no-date-help = 请加上 [approval] 并写明会议日期（或设置 SOURCE_DATE_EPOCH），或者生成时不加 --pdf-standard a-2b
pdf-a2b-unavailable = 无法生成 PDF/A-2b：{ $reason }
pdf-a2b-unavailable-help = 生成时不加 --pdf-standard a-2b
pdf-template-failed = 模板 { $template } 出错：{ $message }
pdf-template-warning = 模板 { $template }：{ $message }
pdf-template-help = 模板是 Typst 代码：请修改 { $template }，或在 [layout] 中写 template = "formal" 改用内置模板
pdf-glyph-help = 有一个字在所有字体中都没有：请看上面“缺字”的警告，用 --font-path 加上有这个字的字体，或改写这处文字
pdf-glyph-label = “{ $char }”（{ $code }）不在任何字体中
pdf-while-building = 生成 { $source } 时
pdf-package = 无法使用 Typst 包 { $package }：charter 离线工作，模板不能导入包；请把需要的文件复制到模板所在的文件夹
pdf-file-missing = 不存在
pdf-file-outside = 指向了模板文件夹之外
pdf-file-it = 它
pdf-file-unreadable = 无法读取 /{ $name }（{ $why }）：模板只能读取它自己文件夹中的普通文件、/charter.json 和制度的标志图片
pdf-file-name = 模板文件名无效：{ $path }
pdf-file-name-help = 模板的文件请用普通的文件名，并放在模板自己的文件夹中

## 模板及其字体样式

layout-built-in = templates/{ $file }（内置）
layout-template-refused = 模板：{ $reason }
layout-in-layout = 在 [layout] 中
layout-template-path-help = [layout] 的 template 写模板名（formal、plain），或写项目内一个 .typ 文件的路径（相对于这份制度）
layout-unknown-template = 没有名为“{ $name }”的模板
layout-unknown-template-help = 内置模板有 formal（正式）和 plain（简洁）；也可以写自己的 .typ 文件路径
layout-theme-invalid = 模板“{ $template }”的样式文件 { $theme } 有误：{ $reason }
layout-theme-invalid-help = 请对照 templates/formal.toml：[page]、[size] 和 [font.<角色>] 几个表

## 字体与缺字

glyph-missing = 字符“{ $char }”（{ $code }）在 { $role } 角色的字体（{ $families }）中都没有，PDF 中会显示成空框
glyph-missing-help = 请用 --font-path 文件夹 加上有这个字的字体，或换用别的字
glyph-missing-label = 字体中没有“{ $char }”
glyph-generated-text = 自动生成的文字（编号、声明或机构名称）
glyph-in = 出现在 { $place }
glyph-count = 共出现 { $count } 次
fonts-bundled = 内置字体 fonts/{ $file }
fonts-system = 系统字体 { $path }

## DOCX

docx-unwritten = 无法生成 { $source } 的 DOCX：{ $reason }
docx-bug-help = 这是 charter 程序的问题；请连同这份制度文件一起报告
docx-volume-unwritten = 无法生成汇编的 DOCX：{ $reason }
docx-volume-bug-help = 这是 charter 程序的问题；请连同这些制度文件一起报告

## charter new（新建机构）

new-added = 已在 { $path } 中补上：{ $keys }
new-created = 已创建 { $path }
new-kept = 保留 { $path }（已经存在，未改动）
new-next = 下一步：在 { $file } 中把标有 { $placeholder } 的地方按实际填写，运行 `charter check { $folder }` 检查，再运行 `charter build { $folder }` 生成文件
new-next-volume = 下一步：在 { $file } 中把标有 { $placeholder } 的地方按实际填写，运行 `charter check { $folder }` 检查，再运行 `charter build { $folder }` 生成文件、`charter volume { $folder }` 装订汇编
scaffold-not-a-model = { $path } 没有标明 model = true，不是范本
scaffold-not-a-model-help = 范本要在 [charter] 中写 model = true，这样它不会被单独生成
scaffold-name-kept = org.toml 中已写明机构名称“{ $name }”，保留原样（--name { $given } 未采用）
scaffold-name-kept-help = 如要改名，请直接修改 org.toml 中的 name
scaffold-kind-kept = org.toml 中写的是 kind = "{ $kind }"，保留原样（--kind { $given } 未采用）
scaffold-kind-kept-help = 如要改变机构类型，请直接修改 org.toml 中的 kind
scaffold-kept-label = 按原样保留

## 工作室的文档编辑

edit-not-toml = 源文件有 TOML 格式错误，暂时不能按文档编辑
edit-not-toml-help = 请先在源文件视图中改正标出的错误
edit-no-node = 找不到“{ $path }”处的内容
edit-try-again = 文档刚刚有了变化：请再试一次
edit-no-id = 这一处在范本中没有 id，不能在这里修改
edit-no-id-help = 请在范本中给它加上 id（id = "…"），或直接修改范本
edit-cannot-go-there = 这里不能放{ $kind }
edit-cannot-go-there-help = 章下面可以有节、条和项；条下面可以有项；项下面可以有目
edit-kind-section = 章节
edit-kind-clause = 条
edit-kind-item = 项
edit-kind-point = 目
edit-neighbour-no-id = 旁边那一处在范本中没有 id
edit-neighbour-no-id-help = 请在范本中给它加上 id（id = "…"），才能在它旁边添加内容
edit-first = 已经是第一个了
edit-last = 已经是最后一个了
edit-nothing-to-pass = 没有可以交换位置的内容
edit-pass-no-id = 范本中没有 id 的内容，不能与它交换位置
edit-give-id = 请在范本中给它加上 id（id = "…"）
edit-remove-no-id = 范本中没有 id 的内容，不能在这里删除
edit-not-overridden = 这一处没有改动过范本的内容
edit-not-overridden-help = “恢复为范本”只用于本制度改动过的范本内容
edit-no-table = 找不到这个表格
edit-table-change = 这个表格不能这样修改
edit-table-change-help = 只能合并排成整齐矩形的单元格；表格至少要保留一行一列
edit-table-no-id = 范本中没有 id 的表格，不能在这里修改
edit-table-no-id-help = 请在范本中给这个表格加上 id（id = "…"）

## 写出文件；命令行

output-cannot-write = 无法写入 { $path }：{ $reason }
output-folder-in-the-way = 已有一个同名的文件夹
cmd-control-character = { $option } 中有控制字符（{ $code }）
cmd-control-character-help = 请只写普通文字
cmd-input-overwritten = { $path } 是这条命令读取的文件，不会被覆盖
cmd-input-overwritten-help = 请用 -o 把结果写到另一个文件
cmd-unwritable-help = 请确认文件夹存在并且可以写入
cmd-timings-unwritten = 无法把计时写入 { $path }：{ $reason }
cmd-shard-form = 分片写成 K/N，例如 2/8 表示八份中的第二份
cmd-shard-not-a-number = “{ $part }”不是数字
cmd-shard-range = K 应在 1 到 N 之间，这里是 { $index }/{ $count }（任务编号从 0 开始的，请写 $((INDEX+1))/N）
encoding-damaged = { $file } 是 UTF-8 文字，但第 { $line } 行有损坏的字节
encoding-unknown = { $file } 不是 UTF-8、UTF-16 或 GBK 编码的文字

## charter watch（监视并自动重新生成）

watch-unavailable = 无法监视文件变化：{ $reason }
watch-cannot-watch = 无法监视 { $path }：{ $reason }
watch-watching = 正在监视 { $paths } 的变化（按 Ctrl-C 停止）
watch-rebuilding = 文件有变化，正在重新生成

## charter fonts（字体）

fonts-roles = 模板“{ $template }”（{ $file }）的字体角色：
fonts-role-filled = 需要 { $wanted } 使用 { $family }（{ $origin }）
fonts-role-missing = 需要 { $wanted } 未找到：文字会改用任何有这些字的字体
fonts-docx-names = DOCX 中写作 { $docx } / { $ascii }
fonts-found = 找到的字体：内置 { $bundled } 个，--font-path 中 { $paths } 个，系统 { $system } 个。

## PDF/A：Typst 拒绝收录字体中没有的字

pdf-glyph-refused = { $standard }：字体 { $font } 中没有 { $text }，{ $standard } 文件无法显示它
pdf-glyph-hint = 请换用有这个字的字体
