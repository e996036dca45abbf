#include "jiaodu/formats/rotation_table/rotation_columns.h"

namespace jiaodu::rotation_table {
namespace {

const ColSpec kSchool[] = {
    {kSchoolCode,
     {"学校标识码", "学校代码"},
     true,
     "10 位学校标识码；九年一贯制学校小学、初中各占一行"},
    {kSchoolName, {"学校名称"}, true, ""},
    {kSchoolStage, {"学段"}, true, "小学 / 初中"},
    {kSchoolLocale, {"城乡", "城乡类型", "城乡分类"}, true, "城区 / 镇区 / 乡村"},
    {kSchoolStudents, {"在校生数", "学生数"}, true, "本学段在校生数（人）"},
    {kSchoolPosts,
     {"编制/岗位数", "编制岗位数", "编制数", "岗位数"},
     false,
     "可空：本学段教师编制或岗位数；填写后调入后人数不超过它"},
    {kSchoolLatLon, {"经纬度"}, false, "可空：纬度,经度（如 30.25,120.16），用于计算交流距离"},
    {kSchoolLat, {"纬度"}, false, "", false},
    {kSchoolLon, {"经度"}, false, "", false},
};

const ColSpec kTeacher[] = {
    {kTeacherId, {"教师编号", "工号"}, true, "每名教师唯一（工号或身份证号摘要）"},
    {kTeacherName, {"姓名", "教师姓名"}, true, ""},
    {kTeacherSchool, {"学校标识码", "学校代码"}, true, "现任教学校，须在“学校”表中"},
    {kTeacherStage, {"学段"}, true, "小学 / 初中"},
    {kTeacherSubject, {"学科", "任教学科"}, true, "如 语文、数学、体育"},
    {kTeacherAbove, {"高于规定学历"}, false, "是 / 否（小学专科及以上、初中本科及以上）；空为否"},
    {kTeacherBackbone, {"县级以上骨干", "县级及以上骨干", "骨干教师"}, false, "是 / 否；空为否"},
    {kTeacherPeArts,
     {"体育艺术专任", "体育艺术专任教师"},
     false,
     "是 / 否（体育、音乐、美术专任）；空为否"},
    {kTeacherYears, {"本校任教年限", "在本校任教年限"}, true, "在现学校连续任教年数（整数）"},
    {kTeacherToRetire, {"距退休年限"}, false, "可空：与“年龄”二选一，优先使用本列"},
    {kTeacherAge, {"年龄"}, false, "可空：未填距退休年限时按规则中的退休年龄推算"},
    {kTeacherLastMove, {"上次交流年份"}, false, "可空：从未交流过留空"},
};

const ColSpec kNeed[] = {
    {kNeedSchool, {"学校", "学校标识码", "学校名称"}, true, "学校标识码或学校名称"},
    {kNeedStage, {"学段"}, false, "九年一贯制学校必填：小学 / 初中"},
    {kNeedSubject, {"学科"}, true, ""},
    {kNeedKeep, {"保留下限", "最低保留"}, false, "调出后本学科至少保留的教师数"},
    {kNeedNeed, {"需求", "需求人数"}, false, "本学科希望增加的教师数"},
};

const ColSpec kPin[] = {
    {kPinTeacher, {"教师编号", "工号"}, true, ""},
    {kPinKind, {"类型"}, true, "指定：必须调往该校；禁止：不得调往该校"},
    {kPinSchool, {"学校", "学校标识码"}, false, "“禁止”且留空：该教师本年不参加交流"},
};

}  // namespace

std::span<const ColSpec> SchoolColumns() { return kSchool; }
std::span<const ColSpec> TeacherColumns() { return kTeacher; }
std::span<const ColSpec> NeedColumns() { return kNeed; }
std::span<const ColSpec> PinColumns() { return kPin; }

}  // namespace jiaodu::rotation_table
