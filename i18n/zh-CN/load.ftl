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
control-character-label = 不可打印的字符
control-character-help = 删去它（常是从别的程序复制时带进来的）
