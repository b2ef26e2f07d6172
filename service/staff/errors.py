from service.errors import Problem, register

register(
    Problem("login_failed", 401, "用户名或密码不正确"),
    Problem("login_locked", 429, "密码错误次数过多，账号已暂时锁定"),
    Problem("password_too_weak", 422, "新密码不符合要求"),
    Problem("username_taken", 409, "用户名已被使用"),
    Problem("grant_out_of_scope", 403, "不能授予超出本人管辖范围的权限"),
    Problem("own_grants_locked", 403, "不能修改本人的岗位和管辖范围"),
)
