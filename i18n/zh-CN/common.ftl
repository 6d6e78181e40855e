## 各命令共用：消息的打印方式，以及运行的限额。

severity-error = 错误
severity-note = 起草说明
severity-warning = 警告
prefix-help = 提示
prefix-note = 说明
did-you-mean = 是不是“{ $name }”？
or = 或
list-separator = 、
check-summary = 检查了 { $count } 份制度（{ $ok } 份通过，{ $models } 份范本，{ $failed } 份有错误）：{ $errors } 个错误，{ $warnings } 个警告
check-excluded = { $file }：有 { $count } 处因条件（when）不满足而未编入：
root-missing = --root { $dir }：{ $reason }
root-missing-help = 请给出一个已有的文件夹
named-here = 在此处指定
too-many-problems = 这个文件的问题太多
too-many-problems-label = 到此为止
too-many-problems-help = 只显示了前 { $shown } 个；请改正后再检查
