// Minimal i18n: the UI's own labels in zh/en, and tx() for the API's
// {zh, en} texts. The language is kept in localStorage.
import { ref, watch } from 'vue';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('jiaodu.lang') : null;
export const lang = ref(saved === 'en' ? 'en' : 'zh');

watch(lang, (v) => {
  try {
    localStorage.setItem('jiaodu.lang', v);
  } catch (e) {
    /* private mode */
  }
  document.documentElement.lang = v === 'en' ? 'en' : 'zh-CN';
  document.title = t('app.title_full');
}, { flush: 'sync' });

/** Picks the current language of an API text object {zh, en}. */
export function tx(text) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  const v = lang.value === 'en' ? text.en || text.zh : text.zh || text.en;
  return v || '';
}

const M = {
  'app.title': ['教督 jiaodu', 'jiaodu'],
  'app.subtitle': ['义务教育优质均衡监测', 'Quality-balanced compulsory education monitoring'],
  'app.title_full': ['教督 jiaodu · 义务教育优质均衡监测', 'jiaodu · Quality-balanced compulsory education monitoring'],
  'nav.overview': ['全市总览', 'City overview'],
  'nav.import': ['数据导入', 'Import data'],
  'nav.imports': ['导入记录', 'Import history'],
  'nav.standard': ['评估标准', 'Standard'],
  'hdr.year': ['学年', 'Year'],
  'hdr.lang': ['English', '中文'],
  'hdr.no_years': ['暂无数据', 'no data'],

  'verdict.pass': ['达标', 'Pass'],
  'verdict.fail': ['未达标', 'Fail'],
  'verdict.incomplete': ['待定', 'Pending'],
  'verdict.na': ['不适用', 'N/A'],

  'part.resource': ['资源配置', 'Resources'],
  'part.government': ['政府保障程度', 'Government'],
  'part.quality': ['教育质量', 'Quality'],
  'part.recognition': ['社会认可度', 'Recognition'],
  'part.veto': ['一票否决', 'Veto'],

  'stage.primary': ['小学', 'Primary'],
  'stage.junior': ['初中', 'Junior secondary'],
  'stage.senior': ['高中', 'Senior secondary'],
  'section.primary': ['小学部', 'Primary section'],
  'section.junior': ['初中部', 'Junior section'],
  'section.senior': ['高中部', 'Senior section'],

  'common.loading': ['正在加载…', 'Loading…'],
  'common.reload': ['重新加载', 'Reload'],
  'common.none': ['无', 'None'],
  'common.yes': ['是', 'Yes'],
  'common.no': ['否', 'No'],
  'common.not_reported': ['未填报', 'Not reported'],
  'common.edit': ['编辑', 'Edit'],
  'common.save': ['保存', 'Save'],
  'common.cancel': ['取消', 'Cancel'],
  'common.confirm': ['确定', 'OK'],
  'common.user': ['操作人', 'User'],
  'common.user_ph': ['填写您的姓名（记入修改记录）', 'Your name (kept in the change log)'],
  'common.saved': ['已保存，评估结果已更新', 'Saved; the evaluation is updated'],
  'common.search': ['按学校名称搜索', 'Search by school name'],
  'common.schools_unit': ['所', ''],
  'common.persons': ['人', ''],
  'common.source': ['依据', 'Source'],
  'common.note': ['说明', 'Note'],
  'common.school': ['学校', 'School'],
  'common.stage': ['学段', 'Stage'],
  'common.reason': ['原因', 'Reason'],
  'common.verdict': ['结论', 'Verdict'],
  'common.indicator': ['指标', 'Indicator'],
  'common.value': ['数值', 'Value'],
  'common.unit': ['单位', 'Unit'],
  'common.field': ['项目', 'Field'],
  'common.back_overview': ['返回全市总览', 'Back to the city overview'],
  'common.save_failed': ['保存失败，数据未修改', 'Not saved; nothing was changed'],
  'common.error_title': ['数据加载失败', 'Could not load the data'],
  'common.more': ['等', 'and more'],

  'empty.title': ['本学年暂无数据', 'No data for this year'],
  'empty.text': [
    '所选学年还没有导入学校基础数据，因此无法评估。请先下载填报模板，由学校填报后在“数据导入”页上传。',
    'No school data has been imported for the selected year, so nothing can be evaluated yet. Download the template, let the schools fill it in, and upload it on the Import page.',
  ],
  'empty.go_import': ['前往数据导入', 'Go to import'],
  'empty.no_root': ['系统中还没有任何地区和学校数据。', 'There are no areas or schools in the system yet.'],

  'ov.kpi.counties': ['县区数', 'Counties'],
  'ov.kpi.pass': ['达标', 'Pass'],
  'ov.kpi.fail': ['未达标', 'Fail'],
  'ov.kpi.incomplete': ['待定', 'Pending'],
  'ov.kpi.schools': ['学校数', 'Schools'],
  'ov.kpi.students': ['学生数', 'Students'],
  'ov.table': ['各县（区）评估结果', 'Results by county'],
  'ov.col.county': ['县（区）', 'County'],
  'ov.col.verdict': ['总体结论', 'Overall'],
  'ov.col.schools_pass': ['达标学校/参评学校', 'Passing / evaluated'],
  'ov.col.cv_over': ['差异系数超标项数', 'CVs over limit'],
  'ov.col.reason': ['主要原因', 'Main reason'],
  'ov.chart': ['各县（区）校际差异系数', 'Between-school CVs by county'],
  'ov.chart_hint': ['红色柱为超过标准的指标；虚线为标准上限', 'Red bars exceed the limit; the dashed line is the limit'],
  'ov.export': ['导出全市汇总', 'Export city summary'],
  'ov.click_hint': ['点击县区查看详情', 'Click a county for details'],

  'cv.limit': ['标准', 'Limit'],
  'cv.mean': ['全县平均值', 'County mean'],
  'cv.sd': ['标准差', 'Std. dev.'],
  'cv.cv': ['差异系数', 'CV'],
  'cv.schools': ['参评学校', 'Schools'],
  'cv.drivers': ['主要影响学校', 'Schools driving the dispersion'],
  'cv.share': ['对差异的贡献', 'Share of dispersion'],
  'cv.vs_mean': ['与全县平均比较', 'vs. county mean'],
  'cv.above': ['高于均值', 'above mean'],
  'cv.below': ['低于均值', 'below mean'],
  'cv.remedy': ['拉平方案', 'Levelling plan'],
  'cv.remedy_text': [
    '将低于 {level} 的学校补足到 {level} 后，差异系数可降至 {after}',
    'Raising the schools below {level} to {level} brings the CV down to {after}',
  ],
  'cv.composite': ['综合差异系数（参考）', 'Composite CV (for reference)'],
  'cv.chart': ['校际差异系数', 'Between-school CVs'],
  'cv.table': ['差异系数明细', 'CV details'],
  'cv.no_drivers': ['无明细', 'No details'],

  'county.export': ['导出本县结果', 'Export county results'],
  'county.template': ['下载本县填报模板', 'Download county template'],
  'county.reasons': ['未达标原因', 'Reasons'],
  'county.no_reasons': ['各项均达到标准', 'Every requirement is met'],
  'county.tab.items': ['评估事项', 'Evaluation items'],
  'county.tab.vetoes': ['一票否决', 'Veto items'],
  'county.tab.data': ['县级数据', 'County data'],
  'county.tab.excluded': ['不参评学校', 'Excluded schools'],
  'county.no_county_data': ['本县尚未填报县级数据，政府保障程度、教育质量和社会认可度中依赖县级数据的项目为“待定”。', 'The county-level figures have not been reported; items that depend on them are pending.'],
  'county.no_schools_stage': ['本学年本学段没有参评学校', 'No evaluated school in this stage this year'],
  'county.stage_summary': ['学段结论', 'Stage verdict'],
  'county.school_rule': ['校级资源配置', 'Per-school resources'],
  'county.cv_rule': ['校际差异系数', 'Between-school CVs'],
  'county.students': ['在校生', 'Students'],
  'county.passing': ['达标学校', 'Passing'],
  'county.failing': ['未达标学校', 'Failing'],
  'county.incomplete': ['待定学校', 'Pending'],

  'schools.title': ['学校达标情况', 'Schools'],
  'schools.type': ['类型', 'Type'],
  'schools.locale': ['城乡', 'Locale'],
  'schools.students': ['在校生数', 'Students'],
  'schools.meeting': ['达标项数', 'Indicators met'],
  'schools.only_failing': ['只看未达标', 'Only failing'],
  'schools.legend': ['绿色：达标；橙色：未达标但不低于85%；红色：低于85%；灰色：缺数据', 'Green: meets; orange: below standard but ≥ 85%; red: below 85%; grey: missing'],
  'schools.count': ['共 {n} 所', '{n} schools'],

  'status.meets': ['达标', 'Meets'],
  'status.above_floor': ['未达标（≥85%）', 'Below std. (≥ 85%)'],
  'status.below_floor': ['低于85%', 'Below 85%'],
  'status.missing': ['缺数据', 'Missing'],

  'plan.title': ['达标所需', 'What it takes to pass'],
  'plan.not_needed': ['本学段无需补充资源：所有参评学校已达标，差异系数均未超标。', 'Nothing is needed: every school passes and every CV is within the limit.'],
  'plan.verified': ['已验证：补足后全部达标', 'Verified: everything passes after these additions'],
  'plan.not_verified': ['未能验证补足后全部达标', 'Not verified that everything passes afterwards'],
  'plan.schools': ['{n}所学校', '{n} schools'],
  'plan.changes': ['逐校补充明细', 'Additions school by school'],
  'plan.amount': ['补充数量', 'Add'],
  'plan.resource': ['资源', 'Resource'],
  'plan.from_to': ['指标值 由 → 至', 'Indicator from → to'],
  'plan.target': ['目的', 'Purpose'],
  'plan.target.standard': ['达到标准', 'reach the standard'],
  'plan.target.floor': ['达到85%线', 'reach 85%'],
  'plan.target.cv': ['降低差异系数', 'lower the CV'],
  'plan.incomplete': ['仅靠补充资源无法使本校全部达标（含缺失数据）', 'Adding resources alone cannot make this school pass (missing data)'],

  'items.only_open': ['只看未达标和待定事项', 'Only failing or pending items'],
  'items.part_verdict': ['部分结论', 'Part verdict'],
  'items.check': ['检查项', 'Check'],
  'items.scope': ['范围', 'Scope'],
  'items.scope.county': ['全县', 'County'],
  'items.scope.school': ['每所学校', 'Each school'],
  'items.scope.section': ['每个学段', 'Each section'],
  'items.actual': ['实际值', 'Actual'],
  'items.required': ['要求', 'Required'],
  'items.members': ['参评对象', 'Checked'],
  'items.failing': ['未达标学校', 'Failing schools'],
  'items.missing': ['缺数据学校', 'Schools with missing data'],
  'items.judgment': ['人工评定', 'Inspector judgment'],
  'items.judgment_status': ['评定结论', 'Judgment'],
  'items.evidence': ['佐证材料', 'Evidence'],
  'items.evidence_hint': ['应提供的佐证材料', 'Expected evidence'],
  'items.edit_title': ['编辑评定：{id}', 'Edit judgment: {id}'],
  'items.js.达标': ['达标', 'Met'],
  'items.js.未达标': ['未达标', 'Not met'],
  'items.js.未评定': ['未评定', 'Not judged'],
  'items.per_stage': ['（按学段）', '(by stage)'],
  'items.school_required': ['按学校计算', 'computed per school'],

  'veto.id': ['编号', 'No.'],
  'veto.text': ['事项', 'Item'],
  'veto.occurred': ['是否发生', 'Occurred'],
  'veto.edit': ['修改', 'Change'],
  'veto.intro': ['下列任一事项发生，即“一票否决”，不予认定为优质均衡。', 'If any of these happened, the county cannot be recognised (veto).'],
  'veto.edit_title': ['修改一票否决事项：{id}', 'Change veto item: {id}'],

  'cdata.title': ['县级填报数据', 'County-level figures'],
  'cdata.empty': ['本学年尚未填报县级数据', 'No county-level figures for this year'],
  'cdata.edit_title': ['编辑县级数据', 'Edit county figures'],
  'cdata.group': ['分组', 'Group'],
  'cdata.help': ['填报说明', 'Help'],

  'excl.empty': ['本学年没有不参评的学校', 'No school is excluded this year'],
  'excl.intro': ['以下学校（学段）按标准规定不参加资源配置评估：', 'These school sections are not part of the resource evaluation:'],

  'school.attrs': ['学校信息', 'School'],
  'school.code': ['学校标识码', 'School code'],
  'school.county': ['所属县区', 'County'],
  'school.town': ['乡镇（街道）', 'Town'],
  'school.type': ['办学类型', 'Type'],
  'school.locale': ['城乡分类', 'Locale'],
  'school.ownership': ['举办者', 'Ownership'],
  'school.boarding': ['寄宿制', 'Boarding'],
  'school.value': ['本校值', 'School value'],
  'school.standard': ['标准', 'Standard'],
  'school.floor': ['85%线', '85% line'],
  'school.county_mean': ['全县平均', 'County mean'],
  'school.ratio': ['达成率', 'Attainment'],
  'school.status': ['状态', 'Status'],
  'school.chart': ['本校与标准、全县平均对比（以标准为100%）', 'School vs standard and county mean (standard = 100%)'],
  'school.chart_note': ['黑色实线为标准（100%），红色虚线为85%线；柱色：绿色达标、橙色未达标但不低于85%、红色低于85%', 'Black line: the standard (100%); red dashed line: 85%. Bars: green meets, orange ≥ 85%, red below 85%'],
  'school.remedy': ['达标所需', 'What it takes to pass'],
  'school.remedy_none': ['本学段已达标，无需补充。', 'This section passes; nothing is needed.'],
  'school.raw': ['填报数据', 'Reported data'],
  'school.raw_school': ['全校', 'Whole school'],
  'school.history': ['版本记录', 'Version history'],
  'school.hist.import': ['导入编号', 'Import'],
  'school.hist.at': ['时间', 'Time'],
  'school.hist.user': ['操作人', 'User'],
  'school.hist.desc': ['说明', 'Description'],
  'school.hist.current': ['当前版本', 'Current'],
  'school.excluded': ['不参评', 'Excluded'],
  'school.no_results': ['本校本学年没有参评学段', 'No evaluated section this year'],
  'school.meeting': ['7项指标中{n}项达标', '{n} of 7 indicators met'],
  'school.overrides': ['（本学段单独填报）', '(section override)'],
  'school.series_school': ['本校', 'School'],
  'school.series_mean': ['全县平均', 'County mean'],

  'imp.title': ['导入学校或县级数据', 'Import school or county data'],
  'imp.drop': ['将 Excel（.xlsx）或 CSV 文件拖到此处，或', 'Drop Excel (.xlsx) or CSV files here, or'],
  'imp.pick': ['点击选择文件', 'click to choose'],
  'imp.tip': ['可一次上传多个文件；全部文件通过检查后才会保存，任何一处错误都不会保存任何数据。', 'Several files at once are fine; nothing is saved unless every file passes all checks.'],
  'imp.start': ['开始导入', 'Start import'],
  'imp.template': ['下载填报模板', 'Download template'],
  'imp.progress': ['导入进度', 'Progress'],
  'imp.done': ['导入成功', 'Import succeeded'],
  'imp.failed': ['导入失败', 'Import failed'],
  'imp.nothing_saved': ['本次导入未保存任何数据', 'Nothing from this import was saved'],
  'imp.nothing_written': ['文件中没有学校或县级数据（例如上传的是未填写的模板），评估结果不会变化。', 'The files held no school or county figures (an unfilled template?); the results do not change.'],
  'imp.fix_hint': ['请按下表修改文件后重新上传。', 'Please correct the files as listed below and upload them again.'],
  'imp.errors_xlsx': ['下载错误清单（Excel）', 'Download the error list (Excel)'],
  'imp.col.file': ['文件', 'File'],
  'imp.col.sheet': ['工作表', 'Sheet'],
  'imp.col.row': ['行', 'Row'],
  'imp.col.column': ['列', 'Column'],
  'imp.col.value': ['填写内容', 'Value'],
  'imp.col.message': ['说明', 'Problem'],
  'imp.sum.files': ['文件数', 'Files'],
  'imp.sum.schools': ['学校数', 'Schools'],
  'imp.sum.school_years': ['学校学年记录', 'School-year records'],
  'imp.sum.county_years': ['县级学年记录', 'County-year records'],
  'imp.sum.years': ['学年', 'Years'],
  'imp.sum.import_id': ['导入编号', 'Import no.'],
  'imp.affected': ['受影响的县（区）', 'Counties affected'],
  'imp.no_files': ['请先选择要上传的文件', 'Please choose files first'],
  'imp.again': ['继续导入', 'Import more'],
  'imp.history_link': ['查看导入记录', 'See import history'],

  'hist.title': ['导入记录', 'Import history'],
  'hist.id': ['编号', 'No.'],
  'hist.at': ['时间', 'Time'],
  'hist.kind': ['类型', 'Kind'],
  'hist.kind.import': ['文件导入', 'File import'],
  'hist.kind.edit': ['在线修改', 'Online edit'],
  'hist.kind.demo': ['示范数据', 'Demo data'],
  'hist.user': ['操作人', 'User'],
  'hist.desc': ['说明', 'Description'],
  'hist.files': ['文件', 'Files'],
  'hist.records': ['记录数', 'Records'],
  'hist.records_fmt': ['学校 {s} 条，县级 {c} 条', '{s} school, {c} county'],
  'hist.years': ['学年', 'Years'],
  'hist.state': ['状态', 'State'],
  'hist.active': ['有效', 'Active'],
  'hist.undone': ['已撤销', 'Undone'],
  'hist.undo': ['撤销', 'Undo'],
  'hist.undo_title': ['撤销导入 #{id}', 'Undo import #{id}'],
  'hist.undo_text': [
    '撤销后，本次导入写入的全部学校和县级数据将恢复为导入前的版本（导入前没有数据的记录将被删除），评估结果随之重新计算。撤销操作本身会记入审计日志。确定撤销吗？',
    'Undoing restores every school and county record this import wrote to the version before it (records it created are removed), and the evaluation is recomputed. The undo is logged. Undo now?',
  ],
  'hist.undone_ok': ['已撤销', 'Undone'],
  'hist.empty': ['还没有导入记录', 'No imports yet'],
  'hist.undone_by': ['{at} 由 {by} 撤销', 'undone {at} by {by}'],

  'std.document': ['文号', 'Document'],
  'std.issuer': ['发布机关', 'Issuer'],
  'std.issued': ['发布日期', 'Issued'],
  'std.indicators': ['资源配置指标（7项）', 'Resource indicators (7)'],
  'std.ind.name': ['指标名称', 'Indicator'],
  'std.ind.definition': ['计算方法', 'Definition'],
  'std.school_rule': ['校级判定规则', 'Per-school rule'],
  'std.school_rule_text': [
    '每所学校至少 {n} 项指标达到标准，其余指标不低于标准的 {p}。',
    'Each school must meet at least {n} indicators, and the rest must reach {p} of the standard.',
  ],
  'std.cv_rule': ['校际差异系数上限', 'CV limits'],
  'std.cv_rule_text': ['每项指标的校际差异系数：{lims}', 'Each indicator\'s between-school CV: {lims}'],
  'std.exclusions': ['不参加资源配置评估的学校', 'Schools outside the resource evaluation'],
  'std.exclusion_when': ['条件', 'Condition'],
  'std.items': ['评估事项', 'Evaluation items'],
  'std.item.text': ['内容', 'Requirement'],
  'std.item.checks': ['系统检查', 'Automatic checks'],
  'std.item.judgment': ['需人工评定', 'Needs judgment'],
  'std.vetoes': ['一票否决事项', 'Veto items'],
  'std.decisions': ['口径决定', 'Interpretation decisions'],
  'std.decisions_intro': ['标准原文存在歧义或未明确之处，系统按以下决定执行：', 'Where the text is ambiguous, the system applies these decisions:'],
  'std.dec.topic': ['问题', 'Question'],
  'std.dec.decision': ['决定', 'Decision'],
  'std.dec.reason': ['理由', 'Reason'],
  'std.catalog': ['数据字段目录', 'Field catalog'],
};

/** UI label in the current language, with {name} substitution. */
export function t(key, params) {
  const e = M[key];
  let s = e ? (lang.value === 'en' ? e[1] : e[0]) : key;
  if (params) {
    for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  }
  return s;
}

export function toggleLang() {
  lang.value = lang.value === 'en' ? 'zh' : 'en';
}

// English names of the API's kind keys (the API sends only the Chinese
// names as *_zh); Chinese comes from the API itself.
const KINDS = {
  type: {
    primary: 'Primary school',
    junior: 'Junior secondary school',
    nine_year: 'Nine-year school',
    twelve_year: 'Twelve-year school',
    complete: 'Complete secondary school',
    senior: 'Senior secondary school',
    teaching_point: 'Teaching point',
    special: 'Special education school',
    vocational: 'Vocational school',
  },
  locale: { urban: 'Urban', town: 'Town', rural: 'Rural' },
  ownership: { public: 'Public', private: 'Private' },
};

export function kindLabel(cat, key, zh) {
  if (lang.value !== 'en') return zh || key || '';
  return KINDS[cat]?.[key] || key || zh || '';
}

/** '：' in Chinese, ': ' in English. */
export function colon() {
  return lang.value === 'en' ? ': ' : '：';
}
