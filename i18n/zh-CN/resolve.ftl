## 解析制度：文件头、组织信息、编号、条款、表格、附件、审议通过、条件；
## 与范本合并；正文中的模板；一次运行的限额；项目文件夹以外的路径；生成。

## 制度的文件头和组织信息（src/resolve/mod.rs）
resolve-no-id = 制度没有 id
resolve-no-id-label = [charter] 中需要写 id
resolve-no-id-help = 在 [charter] 中加上 id = "service-commitment"：输出文件以它命名，各个版本之间保持不变
resolve-no-title = 制度没有标题
resolve-no-title-label = [charter] 中需要写标题
resolve-no-title-help = 在 [charter] 中加上 title = "服务承诺制度"
resolve-too-many-nodes = 一份制度中编号的条目超过了 { $max } 个
resolve-too-many-nodes-label = 从这一条起超出
resolve-too-many-nodes-help = 请把这份制度拆成几份
resolve-placeholder = { $name } 仍是待填写的占位符 { $placeholder }
resolve-placeholder-label = 待填写
resolve-placeholder-help = 在这里填上本组织 { $name } 的实际内容
resolve-no-org-name = 这份制度没有组织名称
resolve-no-org-name-label = 需要 org.name（组织名称）
resolve-no-org-name-help = 在制度所在文件夹（或上级文件夹）的 org.toml 中写 name = "…"，或写在制度的 [org] 中，或运行时加 --org 文件
resolve-logo = 标志图片（logo）：{ $problem }
resolve-logo-label = 本组织的标志图片
resolve-unknown-kind = 未知的组织类型“{ $kind }”
resolve-unknown-kind-label = 不是组织类型
resolve-unknown-kind-help = 写成 kind = "社会团体"、"基金会" 或 "社会服务机构"

## 章程必须写明的事项（src/resolve/mod.rs、src/statute）
statute-missing = 章程缺少法定事项：{ $what }（{ $source }）
statute-missing-label = 章程必须写明这一事项
statute-missing-help = 写明这一事项（可参照 charters/models/{ $kind }/articles.toml 的写法）
statute-figure = 章程的规定与法规不符：{ $stated }
statute-figure-label = 法规对这一数字有规定
statute-figure-help = 法规规定：{ $rule }
statute-rule-directors = 理事为5人至25人（基金会管理条例第二十条）
statute-rule-term = 理事每届任期不得超过5年（基金会管理条例第二十条）
statute-rule-meetings = 理事会每年至少召开2次会议（基金会管理条例第二十一条）

## 条目及其编号（src/resolve/nodes.rs、number.rs）
resolve-section-title = 章节需要标题
resolve-no-title-here = 没有标题
resolve-section-title-chapter-help = 加上 title = "总则"：每一章都要有标题
resolve-section-title-help = 在这个 [[section]] 中加上 title = "…"
resolve-empty-node = 这一项是空的：没有标题、没有正文，下面也没有内容
resolve-nothing-to-print = 没有可印出的内容
resolve-empty-node-help = 加上 text = "…"，或者删去这一项
resolve-no-label = 编号格式“{ $pattern }”没有第 { $n } 号
resolve-no-label-label = 这一级的第 { $n } 项
resolve-no-label-help = 带圈数字只到 ⑳；条目较多时请改用含 {"{"}n{"}"} 的格式
resolve-too-deep-section-one = 编号方式“{ $name }”只有 { $groups } 级章节（{ $patterns }），这里是第 { $depth } 级
resolve-too-deep-section = 编号方式“{ $name }”只有 { $groups } 级章节（{ $patterns }），这里是第 { $depth } 级
resolve-too-deep-section-help = 章里面的 [[section]] 是下一级（第一章之下是第一节）；章节里要编号的内容请写成 [[….clause]]
resolve-too-deep = 编号方式“{ $name }”只有 { $levels } 级编号（{ $patterns }），这一项比它们更深
resolve-too-deep-help = 在 [charter.numbering] 的 levels 中再加一级格式，或者把这段文字并入上一级
resolve-too-deep-label = 这一级没有编号格式

## 条件：when = "…"（src/resolve/conditions.rs）
resolve-condition-unset = 条件“{ $when }”用到了一个没有设定的值
resolve-condition-unset-help = 在 org.toml 中设定它：选项写在 [options] 下（party = true），变量写在 [vars] 下；或者与已有的值比较（org.kind == '基金会'）
resolve-condition-syntax = 条件“{ $when }”写法有误
resolve-condition-syntax-help = 条件可以这样写：when = "options.party"、"not options.branches" 或 "options.supervision == '监事会'"
resolve-condition-failed = 无法判断条件“{ $when }”：{ $detail }
resolve-condition-failed-help = 条件只能用 org、vars 和 options 中的值，例如 when = "options.party"
resolve-condition-label = 条件

## 表格（src/resolve/tables.rs）
resolve-table-columns = 这个表格有 { $columns } 列，一个表格最多 { $max } 列
resolve-table-columns-label = 太宽，无法打印
resolve-table-columns-help = 把它拆成几个表格，或者横竖调换，让较长的一边沿页面向下排
resolve-align = align 写了 { $named } 列的对齐方式，表格有 { $columns } 列
resolve-align-label = 每一列写一个对齐方式
resolve-align-help = 写 { $columns } 个对齐方式，例如 align = ["left", "center"]
resolve-colspan = 这个单元格超出了最后一列（从第 { $column } 列起，共 { $columns } 列，它占 { $span } 列）
resolve-colspan-label = 超出表格右边
resolve-colspan-help = 把 colspan 改小，或者给表格加列
resolve-rowspan = 这个单元格要跨 { $rows } 行，下面只剩 { $remaining } 行
resolve-rowspan-label = 超出最后一行
resolve-rowspan-help = 把 rowspan 改小（表头行和正文行各自计算，不能跨过去）
resolve-ragged-row = 这一行只填了 { $count } 列，表格有 { $columns } 列
resolve-ragged-row-label = 这一行的格数不对
resolve-ragged-row-help = 每一行的单元格数要与表格的列数相同（colspan 按它占的列数计，rowspan 会占用下面几行的位置）

## 审议通过和修订记录（src/resolve/approval.rs）
resolve-approval-missing = [approval] 缺少 { $keys }
resolve-approval-missing-label = 审议通过信息不完整
resolve-approval-missing-help = 写明 body、term、session 和 date，例如 term = 2、session = 4、date = 2025-03-01
resolve-effective-early = 生效日期早于审议通过日期
resolve-effective-early-label = 早于审议通过日期 { $date }
resolve-effective-early-help = 请核对 [approval] 中的 effective 和 date
resolve-not-approved = 没有 [approval]，也没有 [[revision]]：文末不印审议通过的语句和落款
resolve-not-approved-label = 尚未审议通过
resolve-not-approved-help = 理事会审议通过后，加上 [approval]，写明 body、term、session 和 date
resolve-revision-disagrees = 最后一条 [[revision]] 与 [approval] 不一致：{ $key } 一个是 { $revision }，一个是 { $approval }
resolve-revision-says = 修订记录写的是 { $value }
resolve-approval-says = [approval] 写的是 { $value }
resolve-revision-disagrees-help = 最后一条修订记录就是现行版本：把它的 { $key } 改成与 [approval] 相同，或者删去 [approval]，让它从修订记录中取值
resolve-revision-missing = [[revision]] 缺少 { $keys }
resolve-revision-missing-label = 修订记录不完整
resolve-revision-missing-help = 每条修订记录都要写 date、term 和 session（version 和 summary 可不写）
resolve-revision-order = 修订记录要按时间先后排列，最早的在前
resolve-revision-order-label = { $date } 排在 { $previous } 之后
resolve-revision-order-later = 较晚的日期
resolve-revision-order-help = 把各条 [[revision]] 按日期排好，最后一条是现行版本

## 附件：问卷、表格、文字（src/resolve/appendix.rs）
resolve-appendix-id = 附件需要 id
resolve-appendix-id-label = 这个 [[appendix]] 没有 id
resolve-appendix-id-help = 加上 id = "satisfaction"：`charter survey --appendix` 和合并范本时都按 id 找附件
resolve-appendix-kind = 附件“{ $id }”需要写明类型
resolve-appendix-kind-label = 没有 kind
resolve-appendix-kind-help = 加上 kind = "questionnaire"（问卷）或 kind = "form"（表格）
resolve-appendix-title = 附件“{ $id }”需要标题
resolve-appendix-title-help = 加上 title = "服务对象满意度调查问卷"
resolve-scale = 评价等级至少要有两级
resolve-scale-label = 评价等级
resolve-scale-help = 写成 scale = ["很满意", "满意", "一般", "不满意", "很不满意"]，最好的在前
resolve-no-questions = 问卷“{ $id }”没有题目
resolve-no-questions-label = 没有 [[appendix.question]]
resolve-no-questions-help = 加上几个 [[appendix.question]]，每个写 text = "…"
resolve-question-text = 题目需要文字
resolve-question-text-label = 没有 text
resolve-question-text-help = 加上 text = "您对本场活动总体满意吗？"
resolve-no-fields = 表格“{ $id }”没有填写项
resolve-no-fields-label = 没有 [[appendix.field]]
resolve-no-fields-help = 加上几个 [[appendix.field]]，每个写 label = "姓名"
resolve-field-label = 填写项需要名称
resolve-field-label-label = 没有 label
resolve-field-label-help = 加上 label = "姓名"
resolve-form-questions = 表格“{ $id }”里写了题目
resolve-questions-belong = 题目只能写在问卷里
resolve-form-questions-help = 表格里用 [[appendix.field]]，或者把类型改为 kind = "questionnaire"
resolve-appendix-empty = 附件“{ $id }”既没有文字也没有表格
resolve-appendix-empty-help = 加上 intro = "…" 或一个 [[appendix.table]]
resolve-text-questions = 文字附件“{ $id }”里写了题目
resolve-text-questions-help = 把类型改为 kind = "questionnaire"，或者删去这些题目

## 一次运行的限额（src/limits.rs，以及达到限额的地方）
limit-what-text = 每份制度生成的文字（MB）
limit-what-steps = 每份制度的模板运算步数
limit-what-cells = 每份制度的表格单元格数
limit-what-typeset = 每个 PDF 的文字（MB）
limit-what-pages = 每个 PDF 的页数
limit-named = { $name }（{ $what }）
limit-not-name-value = --limit { $spec }：应当写成 名称=数值
limit-not-name-value-help = 例如 --limit cells=60000；可设的限额有：{ $known }
limit-unknown = 没有名为“{ $name }”的限额
limit-unknown-help = 可设的限额有：{ $known }
limit-not-number = --limit { $spec }：数值应当是大于 0 的整数
limit-not-number-help = 例如 --limit { $name }=2
limit-raise = 如需放宽，运行时加上 --limit { $name }={ $doubled }（目前的限额是 { $shown }）
limit-cells = 这份制度的表格合计超过 { $max } 个单元格
limit-cells-label = { $rows } 行 × { $columns } 列
limit-cells-help = 很长的名单（会员名单等）请另外单独成文；{ $raise }

## 文件中写的路径：须在项目文件夹内、是普通文件、大小有限（src/sandbox.rs）
sandbox-outside = { $path } 在项目文件夹 { $root } 之外
sandbox-outside-help = 制度、范本、org.toml 或版式模板中写的路径，必须在项目文件夹（当前文件夹，或 --root 指定的文件夹）之内；请把这个文件复制到项目里
sandbox-not-found = 找不到文件：{ $path }
sandbox-not-found-help = 路径从写它的那个文件所在的位置算起；请检查文件名的拼写
sandbox-not-regular = { $path } 是{ $kind }，不是普通文件
sandbox-not-regular-other = { $path } 不是普通文件
sandbox-kind-folder = 文件夹
sandbox-kind-fifo = 管道（FIFO）
sandbox-kind-device = 设备
sandbox-kind-socket = 套接字
sandbox-not-regular-help = 请指定一个普通文件
sandbox-too-large = { $path } 有 { $size } MB，上限是 { $limit } MB
sandbox-too-large-help = 把文件拆开，或者把图片改小
sandbox-unreadable = 无法读取 { $path }：{ $error }
sandbox-unreadable-help = 请检查这个文件能否读取（权限）

## 制度与范本合并：extends、after/before、remove（src/merge）
merge-named-here = 在这里引用
merge-too-deep = extends 一层套一层，超过了 { $max } 层范本
merge-too-deep-label = 多出的一层范本
merge-too-deep-help = 范本的范本的范本……：请把其中几个合并成一个
merge-cycle = extends 形成了循环：{ $chain }
merge-cycle-label = 这个 extends 让引用绕回了原处
merge-cycle-help = 范本不能（直接或经由别的范本）反过来 extends 引用它的制度；请删去其中一个 extends
merge-org-file-help = org.toml 必须是制度文件夹中的普通文件
merge-no-sibling = { $key } = "{ $target }"：同一级中没有这个 id
merge-no-sibling-label = 不是这一级任何条目的 id
merge-no-siblings-help = 这一级没有带 id 的条目，无法排在它前后
merge-siblings-help = 这一级的 id 有：{ $ids }
merge-after-and-before = 一个条目不能同时写 after 和 before
merge-second-placement = 第二个位置
merge-first-placement = 第一个位置
merge-after-and-before-help = after = "…" 和 before = "…" 只保留一个
merge-remove-nothing = remove：范本中没有“{ $path }”这一项
merge-remove-nothing-label = 这里没有可删除的内容
merge-remove-nothing-help = 写范本中条目的 id 路径，例如 "principles.fair"，或 "appendix.<id>"
merge-duplicate-id = 同一级的{ $among }中有重复的 id“{ $id }”
merge-second-use = 第二次使用
merge-first-use = 第一次使用
merge-duplicate-id-help = 同一级中 id 不能重复；请给其中一个改名
merge-among-sections = 章节
merge-among-clauses = 条
merge-among-items = 款
merge-among-points = 项
merge-among-appendices = 附件
merge-among-questions = 问卷题目
merge-among-fields = 表格填写项

## 生成正文时达到的限额（src/render）
limit-text = 这份制度生成的文字合计超过 { $max } MB
limit-steps = 这份制度的模板运算合计超过 { $max } 步
limit-reached-here = 到这里达到了限额
limit-texts-help = 是不是一个很长的变量在许多地方重复印出，或者许多条款里都有循环？请只印一次；{ $raise }
limit-one-text = 这段文字生成后超过 { $max } MB
limit-one-text-label = 太长
limit-one-text-help = 循环印出的内容太多：请缩短它，或者把这段文字分成几条
limit-fuel = 这段文字的模板运算量太大
limit-fuel-label = 运算 { $steps } 步后停止
limit-fuel-help = 循环次数太多（range() 里又套 range()？）：请只对一个较短的列表循环

## 正文中的模板：变量、过滤器、ref()（src/render）
render-ref-positional = ref("{ $path }") 引用的条目没有 id
render-ref-positional-label = 按位置引用
render-ref-positional-help = 给被引用的条目加上 id，并按 id 引用：前面增加条目后，它的位置会变
render-undefined = 变量“{ $name }”没有定义
render-undefined-label = 这份制度没有这个值
render-undefined-org-help = 在本组织的 org.toml 中写上 { $field } = "…"，或写在制度的 [org] 中（或运行时加 --org 文件）
render-undefined-vars-help = 在 [vars] 下加上 { $field } = "…"
render-undefined-options-help = 在本组织 org.toml（或制度）的 [options] 下加上 { $field } = true（或 false）
render-undefined-approval-help = 这份制度还没有审议通过的信息：加上 [approval]（body、term、session、date）或一条 [[revision]]
render-undefined-revision-help = 这份制度没有 [[revision]] 修订记录；请加一条，或改用 approval.*
render-undefined-charter-help = charter.{ $field } 没有设定；制度本身的字段有 id、title、number、numbering
render-undefined-near-help = 是不是“{ $name }”？可用的变量有 org、charter、approval、revision、vars 和 options
render-undefined-help = 可用的变量有 org、charter、approval、revision、vars 和 options；自己的变量写在 [vars] 下，用 {"{{"} vars.名称 {"}}"} 引用
render-unknown-filter = 没有“{ $name }”这个过滤器
render-unknown-filter-label = 没有这个过滤器
render-unknown-filter-help = 可用的过滤器有 zh_num、zh_date 和 zh_date_upper（以及 MiniJinja 自带的）
render-unknown-function = “{ $snippet }”中用了不存在的函数
render-unknown-function-label = 没有这个函数
render-unknown-function-help = 唯一可用的函数是 ref("章节id.条id")
render-ref-missing = ref("{ $path }")：没有这个路径的条目
render-ref-missing-label = 引用的条目不存在
render-ref-missing-help = 从章节起写 id 路径，例如 ref('supervision.hotline')；并检查被引用的条目有没有被删去
render-syntax = 模板写法有误：{ $detail }
render-syntax-label = 无法读懂这段模板
render-syntax-help = 变量写成 {"{{"} org.name {"}}"}；要印出“{"{{"}”本身，写 {"{{"} '{"{{"}' {"}}"}
render-failed = 无法生成文字：{ $detail }
render-failed-help = 请检查这段文字中的 {"{{"} … {"}}"} 表达式
render-tilde-help = 把几部分直接连着写：{"{{"} org.name {"}}"}章程
render-arithmetic-help = 制度正文只印出数值，不做计算；请直接写出数字，或者写在 [vars] 中
render-statement-help = 制度正文中只能用 {"{%"} if {"%}"} 和 {"{%"} for {"%}"}，不能用其他语句
render-refused = 制度正文中不能用“{ $what }”
render-refused-label = 这里不允许
render-zh-num = zh_num 需要 0 或更大的整数，这里是 { $value }
render-date-filter = { $name } 需要日期，如 2025-03-01，这里是 { $value }
render-filter-too-long = { $what } 会生成超过 { $max } MB 的文字

## 编号方式和编号格式（src/numbering.rs）
number-unknown-scheme = 没有“{ $name }”这种编号方式
number-unknown-scheme-label = 不是编号方式
number-unknown-scheme-help = 写 "gbt9704"（一、（一）1.（1））、"articles"（第一章 第一节 第一条）、"arabic"（1、（1）①a.），或者写一个带 levels 的 [charter.numbering] 表
number-level-count = 编号需要 1 至 { $max_groups } 级章节、最多 { $max_numbered } 级编号，这里写了 { $groups } 级章节和 { $numbered } 级编号
number-level-count-label = 各级编号
number-level-count-help = 写成 levels = ["{"{"}zh{"}"}、", "（{"{"}zh{"}"}）", "{"{"}n{"}"}.", "（{"{"}n{"}"}）"]（第一个是章节的），或者 groups = ["第{"{"}zh{"}"}章", "第{"{"}zh{"}"}节"] 加上 levels = ["第{"{"}zh{"}"}条", "（{"{"}zh{"}"}）"]
number-continuous = continuous 的项数比 levels 多
number-continuous-label = 每一级写一个 true 或 false
number-continuous-help = 每一级写一个 true 或 false，例如 continuous = [false, true]
number-bad-pattern = 编号格式“{ $pattern }”有误：{ $problem }
number-bad-pattern-help = 编号格式中要有且只有一个 {"{"}n{"}"}、{"{"}zh{"}"}、{"{"}circled{"}"} 或 {"{"}alpha{"}"}，例如 "（{"{"}zh{"}"}）"
number-pattern-two-placeholders = 占位符多于一个
number-pattern-no-placeholder = 没有占位符
number-pattern-unknown-placeholder = 有不认识的占位符

## 中文文字的标点（src/lint.rs）
lint-half-width = 中文里用了半角的“{ $narrow }”
lint-half-width-label = 应写作“{ $wide }”
lint-half-width-help = 中文要用全角标点：，；：（）？！
lint-more = 这段文字里还有 { $count } 处

## 查找制度文件（src/discover.rs、src/pipeline.rs）
discover-no-path = 没有这个文件或文件夹：{ $path }
discover-no-path-help = 请给出一个制度文件（.toml）或存放制度的文件夹；不写路径时使用 charters/
discover-unreadable = 无法读取文件夹：{ $error }
discover-unreadable-help = 请检查这个文件夹的访问权限
pipeline-no-file = 没有这个制度文件：{ $path }
pipeline-no-file-help = 请给出制度的 .toml 文件的路径
pipeline-model = { $path } 是范本（model = true），不是某个组织的制度
pipeline-model-help = 请给出一个引用（extends）这个范本的本组织制度

## 批量生成制度（src/batch.rs）
build-manifest-unwritable = 警告：无法在 { $folder } 中写入生成记录：{ $error }；下次生成时会全部重新生成
build-summary = 生成 { $built } 份，未变 { $unchanged } 份，失败 { $failed } 份，用时 { $seconds } 秒（{ $warnings } 个警告）
build-and = 和
build-same-output = { $charters } 都要写入 { $output }.*：它们都不生成
build-same-output-help = 放在制度旁边的副本与原件 id 相同：请在副本的 [charter] 中改用另一个 id，或者把它移出制度文件夹（要保留旧版本，可用 charter revise）
build-overwrites-input = { $output } 会覆盖这份制度的输入文件 { $input }
build-overwrites-input-help = 用 -o 文件夹 生成到另一个文件夹
build-write-failed = { $error }；这份制度的文件都没有改动
build-write-failed-help = 请检查输出文件夹能否写入（可用 -o 文件夹 另选一个）
build-built = 已生成
build-failed = 失败
