// The strings of 办件数据 (figures.html).
'use strict';

addStrings({
  'zh-CN': {
    'fig.title': '办件数据',
    'fig.hint': '由真实办件统计：一次申报合并的事项、减少的材料、办结用时（工作日）、全程网办的比例和需跑动的次数。',
    'fig.by.bundle': '按“一件事”',
    'fig.by.item': '按事项',
    'fig.name': '名称',
    'fig.cases': '办件数',
    'fig.completed': '办结',
    'fig.items': '合并事项',
    'fig.materials': '材料（单独申请应交/实交）',
    'fig.median': '用时中位数',
    'fig.p90': '90%办结用时',
    'fig.online': '全程网办',
    'fig.visits': '跑动次数',
    'fig.days': '{n}个工作日',
    'fig.empty': '还没有办件',
  },
  en: {
    'fig.title': 'Case figures',
    'fig.hint': 'From real cases: items merged into one submission, materials saved, working days to a decision, the share done fully online and the visits needed.',
    'fig.by.bundle': 'By bundle',
    'fig.by.item': 'By item',
    'fig.name': 'Name',
    'fig.cases': 'Cases',
    'fig.completed': 'Completed',
    'fig.items': 'Items merged',
    'fig.materials': 'Materials (asked one by one / given)',
    'fig.median': 'Median time',
    'fig.p90': '90% decided within',
    'fig.online': 'Fully online',
    'fig.visits': 'Visits',
    'fig.days': '{n} working days',
    'fig.empty': 'No cases yet',
  },
});
