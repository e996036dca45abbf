#include "jiaodu/domain/tasks/evidence.h"

#include <gtest/gtest.h>

namespace jiaodu::tasks {
namespace {

const std::string kPdf = "%PDF-1.7\n...";
const std::string kZip = std::string("PK\x03\x04", 4) + "....";

TEST(Evidence, AcceptedKindsAreRecognisedByExtensionAndContent) {
  auto r = CheckEvidence({{"整改报告.pdf", kPdf},
                          {"C:\\Users\\a\\照片.JPG", "\xFF\xD8\xFF\xE0xxxx"},
                          {"台账.xlsx", kZip},
                          {"说明.txt", "已完成"}});
  ASSERT_TRUE(r) << r.error().message.zh;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].content_type, "application/pdf");
  EXPECT_EQ((*r)[1].name, "照片.JPG") << "a Windows path is cut to the file name";
  EXPECT_EQ((*r)[1].content_type, "image/jpeg");
  EXPECT_EQ((*r)[3].content_type, "text/plain; charset=utf-8");
}

TEST(Evidence, ARenamedFileIsRefusedByItsContent) {
  auto r = CheckEvidence({{"报告.pdf", "MZ\x90\x00 an executable"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task.evidence_content");
  EXPECT_NE(r.error().message.zh.find("报告.pdf"), std::string::npos);
  r = CheckEvidence({{"记录.txt", std::string("a\0b", 3)}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task.evidence_content");
}

TEST(Evidence, UnknownTypesEmptyFilesAndBadNamesAreRefused) {
  EXPECT_EQ(CheckEvidence({{"a.exe", "MZ"}}).error().id, "task.evidence_type");
  EXPECT_EQ(CheckEvidence({{"noext", "x"}}).error().id, "task.evidence_type");
  EXPECT_EQ(CheckEvidence({{"a.pdf", ""}}).error().id, "task.evidence_empty");
  EXPECT_EQ(CheckEvidence({{"dir/", kPdf}}).error().id, "task.evidence_name");
  EXPECT_EQ(CheckEvidence({{"a\nb.pdf", kPdf}}).error().id, "task.evidence_name");
}

TEST(Evidence, SizeLimitsHoldExactlyAtTheLimitAndRefuseOneByteMore) {
  EvidenceLimits lim;
  lim.max_file_bytes = 100;
  lim.max_report_bytes = 250;
  lim.max_files = 3;
  std::string at = kPdf + std::string(100 - kPdf.size(), 'x');
  EXPECT_TRUE(CheckEvidence({{"a.pdf", at}}, lim));
  auto r = CheckEvidence({{"a.pdf", at + "x"}}, lim);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task.evidence_too_large");
  std::string fifty = kPdf + std::string(50 - kPdf.size(), 'x');
  EXPECT_TRUE(CheckEvidence({{"a.pdf", at}, {"b.pdf", at}, {"c.pdf", fifty}}, lim));
  r = CheckEvidence({{"a.pdf", at}, {"b.pdf", at}, {"c.pdf", fifty + "x"}}, lim);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task.evidence_report_too_large");
  r = CheckEvidence({{"a.pdf", kPdf}, {"b.pdf", kPdf}, {"c.pdf", kPdf}, {"d.pdf", kPdf}}, lim);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task.evidence_too_many");
}

}  // namespace
}  // namespace jiaodu::tasks
