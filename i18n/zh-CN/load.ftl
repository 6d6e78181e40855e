## 读取制度文件：键、值的类型、TOML 语法。

table-top-level = 文件顶层
type-text = 文字
type-integer = 整数
type-float = 小数
type-bool = true 或 false
type-date = 日期
type-list = 列表
type-table = 表
expect-quoted = 带引号的文字
expect-texts = 文字列表
expect-bool = true 或 false
expect-integer = 整数
expect-date = 日期
expect-table = 表
expect-tables = 表的列表
unknown-key = { $table } 中没有“{ $key }”这个键
unknown-key-label = 不是 { $table } 的键
unknown-key-list = { $table } 的键有：{ $keys }
unknown-key-nested = 写成 { $header }：它属于上面那一项
unknown-key-elsewhere = “{ $key }”应当写在 { $home } 里；TOML 中写在 [表] 标题之后的键都属于那个表，请把它移到下一个标题之前
type-mismatch = { $table } 中的“{ $key }”应当是{ $expected }，这里是{ $found }
type-expected = 应当是{ $expected }
help-quoted = 写成 { $key } = "…"
help-texts = 写成 { $key } = ["…", "…"]
help-bool = 写成 { $key } = true 或 { $key } = false，不加引号
bad-id = “{ $id }”不是有效的 id
bad-id-label = id 只能由字母、数字、- 和 _ 组成
bad-id-help = 只用字母、数字、- 或 _，例如 { $key } = "{ $example }"
count-positive = { $table } 中的“{ $key }”应当是 1 或更大的整数
count-positive-label = 应当是正整数
help-number-example = 例如写成 { $key } = 2
help-number-unquoted = 写阿拉伯数字，不加引号：{ $key } = { $n }
help-number-unquoted-example = 写阿拉伯数字，不加引号，例如 { $key } = 2
not-a-date = “{ $text }”不是日期
date-label = 应当是日期，如 2025-03-01
date-help-exists = 写成 { $key } = 2025-03-01（年-月-日，须是真实存在的日期）
date-no-time = { $table } 中的“{ $key }”应当是日期，不带时间
date-help = 写成 { $key } = 2025-03-01
help-table = 写成表：{ $name } 单独一行，下面写它的键
help-tables = 每一项写成 { $name }，下面写它的键
unknown-choice = 未知的 { $key }：“{ $value }”
unknown-choice-label = 应当是 { $choices } 之一
help-choices = 写成 { $key } = { $choices }
toml-malformed = TOML 格式有误：{ $detail }
toml-hint-date = 写一个真实存在的日期，格式 YYYY-MM-DD，不加引号：date = 2025-03-01
toml-hint-duplicate = 同一个表里每个键只能出现一次；多个章节请分别写 [[section]]
toml-hint-quotes = 文字要加英文引号：title = "服务承诺制度"；多行文字用 """ … """
toml-hint-general = 格式见 README.md：每个值写成 `键 = 值`，文字加英文引号
toml-number-word = “{ $key }”写成了汉字数字
toml-number-word-label = 数字写成了汉字
toml-number-word-help = 写阿拉伯数字，不加引号：{ $key } = { $n }
toml-fullwidth = 这里用了全角的“{ $mark }”，TOML 要求半角的“{ $ascii }”
toml-fullwidth-label = 全角的 { $mark }
toml-fullwidth-help = TOML 的引号、括号和等号都是半角（英文输入法）：把 { $mark } 换成 { $ascii }
control-character = 文字中有控制字符（{ $code }）
control-character-label = 制度文件中不能有这个字符
control-character-help = 删去它（常是从别的程序复制时带进来的）：除制表符和换行外的控制字符会使 Word 打不开 DOCX
not-utf8 = { $file } 不是 UTF-8 编码的文字
not-utf8-help = 把文件另存为 UTF-8 编码（WPS 或记事本：另存为 → 编码 → UTF-8）
not-found-help = 请检查路径；不写路径的 `charter check` 检查 charters/ 文件夹
toml-detail-string = 文字值缺少开头或结尾的英文引号 "
toml-detail-multiline = 多行文字没有用 """ 结束
toml-detail-array-comma = 列表各项之间要用英文逗号隔开
toml-detail-array = 列表没有用 ] 结束
toml-detail-table = 表的标题没有用 ] 结束
toml-detail-assignment = 键后面要写 = 和值
toml-detail-value = = 后面缺少值
toml-detail-key = 键只能由字母、数字、- 和 _ 组成（或加引号）
toml-detail-date = 不是真实存在的日期
toml-detail-extra-comma = 多了一个逗号
toml-detail-inline-table = 花括号里的表没有结束
toml-detail-duplicate = 同一个表里一个键写了两次
numbering-both = 编号表要么指定方案（scheme），要么给出各级格式（levels），不能两者都写
numbering-both-label = 内置方案
numbering-both-help = 保留 scheme = "…"（加 restart = true 则每章重新计条），或只写 levels
numbering-missing = [charter.numbering] 需要 levels 或 scheme
numbering-missing-label = 没有给出各级格式
numbering-missing-help = { $patterns }，或写 scheme = "articles"
effective-unknown = 未知的生效方式“{ $value }”
effective-unknown-label = 应当是 "upon-approval" 或日期
effective-unknown-help = 写成 effective = "upon-approval" 或 effective = 2025-04-01
writing-lines-many = lines = { $lines } 的书写行数超过了问卷能印下的
writing-lines-label = 最多 { $max } 行
writing-lines-help = 一页约可写 20 行：请减少行数，或另加一道开放题
columns-positive = columns 要为每一列给出大于零的宽度
columns-positive-label = 相对宽度
columns-positive-help = 写成 columns = [1, 3, 2]：每列一个数，数越大列越宽
align-unknown = 对齐方式只能是 "left"、"center" 或 "right"
align-unknown-label = 不是对齐方式
table-no-rows = 表格需要有行
table-no-rows-label = 没有表头，也没有行
table-no-rows-help = 写成 rows = [["甲", "乙"], ["丙", "丁"]]（表头写 header = [["…", "…"]]）
numbering-levels-help = 写成 levels = ["{"{"}zh{"}"}、", "（{"{"}zh{"}"}）", "{"{"}n{"}"}.", "（{"{"}n{"}"}）"]
align-unknown-help = 写成 align = ["left", "center", "right"]，每列一个
help-numbers = 写成 { $key } = [1, 3, 2]
cell-of = { $key } 的单元格
