# charter import：导入报告中除逐行列表以外的说明。
import-repeated-table = 每页重复的表格（各次单元格相同，以“{ $first }”开头）：只在首次出现处保留一次；输入第 { $line } 行的重复已略去
import-check-fallback = 最初生成的制度未通过 `charter check`（{ $why }）：其中的表格已逐行改为正文，留在原处
import-table-body = 正文只有表格、没有编号：{ $tables } 个表格作为表格保留在一个无标题的部分中（charter 为其加上编号“一、”）
