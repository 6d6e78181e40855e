## 示范文本：起草说明和待填写的空白。

drafting-note = { $place }：{ $text }
drafting-note-label = 起草说明：只在这里显示，不会印出
drafting-note-help = 按说明写好正文后，删去这条说明（note 一行）
drafting-blank = 还有空白未填写：{ $placeholder }
drafting-blank-label = 待填写
drafting-blank-help = 把 { $placeholder } 换成实际内容（旁边的起草说明会说明这里该填什么）
drafting-blank-more = 这段文字里还有 { $count } 处
drafting-whole = 全文
drafting-summary = { $count } 条起草说明（不会印出），用 charter check 查看
drafting-import = 示范文本：{ $blanks } 处空白 → { $placeholder }（check 逐一报告），{ $notes } 条【…】起草说明 → `note`（check 和工作室中显示，不打印）
