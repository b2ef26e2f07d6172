from service.errors import Problem, register

register(
    Problem("transition_not_allowed", 409, "当前状态下不能进行此操作"),
    Problem("not_your_turn", 403, "此环节应由其他部门办理"),
    Problem("case_kind_unknown", 404, "没有这种办理事项"),
    Problem("case_open_already", 409, "已有正在办理的同类申请"),
    Problem("case_held", 409, "该案件已由其他工作人员认领"),
)
