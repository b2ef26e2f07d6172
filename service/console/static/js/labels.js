// Chinese names of the API's case enums, for filters shown before any case is loaded.
// They mirror service/cases/workflow.py (STATUS_LABELS, each workflow's title);
// tests/console/test_labels.py fails when the two part.

export const STATUS = {
  submitted: "已提交",
  accepted: "已受理",
  returned: "待补正",
  refused: "不予受理",
  approved: "已批准",
  rejected: "未通过",
  completed: "已办结",
  withdrawn: "已撤回",
  answered: "已答复",
  referred: "已转交部门办理",
};

export const KIND = {
  hukou_move: "户口迁移",
  collective_membership: "集体经济组织成员身份申请",
  land_rent_subsidy: "土地流转费补助",
  council_matter: "向议事组织反映议题",
  assistance_transfer: "低保特困转移",
  medical_transfer: "医保关系转移接续、异地就医备案",
  pension_transfer: "城乡居民养老保险关系转移",
  party_transfer: "党组织关系转接",
  rating_follow_up: "差评核实整改",
};
