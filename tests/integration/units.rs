//! Responsible-unit cells, one line each: the cell as written → the units with their roles, as
//! the default registry (厦门市湖里区) resolves them. `?` marks a unit the registry does not know.

use fenjie::normalize::units::{self, Registry, Role};
use fenjie::syntax::units::RoleHint;

/// `name/role` with role l (lead), c (cooperate), r (responsible); a trailing `?` for unknown.
fn resolve(cell: &str, hint: RoleHint) -> Vec<String> {
    let registry = Registry::default_registry();
    units::mentions(cell, hint)
        .iter()
        .flat_map(|m| registry.resolve(m, false).units())
        .map(|u| {
            let role = match u.role {
                Role::Lead => "l",
                Role::Cooperate => "c",
                Role::Responsible => "r",
            };
            format!("{}/{role}{}", u.name, if u.known { "" } else { "?" })
        })
        .collect()
}

const IN: RoleHint = RoleHint::InText;

#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases, one line each")]
fn unit_cells() {
    let cases: &[(&str, RoleHint, &[&str])] = &[
        (
            "区政府办牵头、司法局配合",
            IN,
            &["湖里区人民政府办公室/l", "湖里区司法局/c"],
        ),
        (
            "司法局牵头，各街道办、区直各部门配合",
            IN,
            &["湖里区司法局/l", "各街道办事处/c", "区直各部门/c"],
        ),
        (
            "司法局牵头、政府办配合",
            IN,
            &["湖里区司法局/l", "湖里区人民政府办公室/c"],
        ),
        (
            "各街道办、区直各部门",
            IN,
            &["各街道办事处/r", "区直各部门/r"],
        ),
        ("政府办", IN, &["湖里区人民政府办公室/r"]),
        (
            "工信局、审批局牵头，各街道办、区直各部门配合",
            IN,
            &[
                "湖里区工业和信息化局/l",
                "湖里区行政审批局/l",
                "各街道办事处/c",
                "区直各部门/c",
            ],
        ),
        ("防控办", IN, &["湖里区新冠肺炎疫情防控工作指挥部办公室/r"]),
        (
            "工信局、财政局、人社局、商务局、文旅局",
            IN,
            &[
                "湖里区工业和信息化局/r",
                "湖里区财政局/r",
                "湖里区人力资源和社会保障局/r",
                "湖里区商务局/r",
                "湖里区文化和旅游局/r",
            ],
        ),
        (
            "人社局牵头，各街道办、区直各部门配合",
            IN,
            &[
                "湖里区人力资源和社会保障局/l",
                "各街道办事处/c",
                "区直各部门/c",
            ],
        ),
        ("建设局", IN, &["湖里区建设与交通局/r"]),
        ("市场监管局", IN, &["湖里区市场监督管理局/r"]),
        ("税务局", IN, &["国家税务总局厦门市湖里区税务局/r"]),
        (
            "发改局、建设局",
            IN,
            &["湖里区发展和改革局/r", "湖里区建设与交通局/r"],
        ),
        (
            "教育局、卫健委",
            IN,
            &["湖里区教育局/r", "湖里区卫生健康局/r"],
        ),
        (
            "市场监管局、人社局、民政局",
            IN,
            &[
                "湖里区市场监督管理局/r",
                "湖里区人力资源和社会保障局/r",
                "湖里区民政局/r",
            ],
        ),
        (
            "政府办、文旅局、资规局、直属分局",
            IN,
            &[
                "湖里区人民政府办公室/r",
                "湖里区文化和旅游局/r",
                "厦门市自然资源和规划局湖里分局/r",
                "直属分局/r?",
            ],
        ),
        (
            "审批局、各街道办",
            IN,
            &["湖里区行政审批局/r", "各街道办事处/r"],
        ),
        ("区司法局", IN, &["湖里区司法局/r"]),
        ("湖里区司法局", IN, &["湖里区司法局/r"]),
        ("厦门市湖里区司法局", IN, &["湖里区司法局/r"]),
        ("区财政局", IN, &["湖里区财政局/r"]),
        ("市司法局", IN, &["市司法局/r?"]),
        ("发展改革局", IN, &["湖里区发展和改革局/r"]),
        ("发展和改革局", IN, &["湖里区发展和改革局/r"]),
        ("区发改局", IN, &["湖里区发展和改革局/r"]),
        ("卫健局", IN, &["湖里区卫生健康局/r"]),
        ("区卫生健康局", IN, &["湖里区卫生健康局/r"]),
        (
            "人力资源和社会保障局",
            IN,
            &["湖里区人力资源和社会保障局/r"],
        ),
        ("工业和信息化局", IN, &["湖里区工业和信息化局/r"]),
        (
            "区工信局、区审批局",
            IN,
            &["湖里区工业和信息化局/r", "湖里区行政审批局/r"],
        ),
        (
            "司法局、财政局牵头",
            IN,
            &["湖里区司法局/l", "湖里区财政局/l"],
        ),
        ("司法局负责", IN, &["湖里区司法局/r"]),
        ("由司法局牵头", IN, &["湖里区司法局/l"]),
        (
            "由司法局牵头，各有关单位按职责分工负责",
            IN,
            &["湖里区司法局/l", "各有关单位/r"],
        ),
        (
            "司法局牵头负责，财政局协助",
            IN,
            &["湖里区司法局/l", "湖里区财政局/c"],
        ),
        (
            "司法局（牵头）、财政局、人社局",
            IN,
            &[
                "湖里区司法局/l",
                "湖里区财政局/r",
                "湖里区人力资源和社会保障局/r",
            ],
        ),
        (
            "牵头单位：司法局；配合单位：财政局、人社局",
            IN,
            &[
                "湖里区司法局/l",
                "湖里区财政局/c",
                "湖里区人力资源和社会保障局/c",
            ],
        ),
        (
            "司法局牵头，财政局、教育局等配合",
            IN,
            &["湖里区司法局/l", "湖里区财政局/c", "湖里区教育局/c"],
        ),
        ("各街道办事处", IN, &["各街道办事处/r"]),
        ("各街道", IN, &["各街道办事处/r"]),
        ("区直各单位", IN, &["区直各部门/r"]),
        ("各有关单位", IN, &["各有关单位/r"]),
        ("各相关部门", IN, &["各有关单位/r"]),
        (
            "湖里街道、殿前街道",
            IN,
            &["湖里街道办事处/r", "殿前街道办事处/r"],
        ),
        (
            "禾山街道办事处、江头街道办事处、金山街道办事处",
            IN,
            &["禾山街道办事处/r", "江头街道办事处/r", "金山街道办事处/r"],
        ),
        (
            "区委宣传部、区委网信办",
            IN,
            &[
                "中共厦门市湖里区委宣传部/r",
                "中共厦门市湖里区委网络安全和信息化委员会办公室/r",
            ],
        ),
        ("区 司法局", IN, &["湖里区司法局/r"]),
        ("司法局\n财政局", IN, &["湖里区司法局/r", "湖里区财政局/r"]),
        ("司法局/财政局", IN, &["湖里区司法局/r", "湖里区财政局/r"]),
        (
            "各街道办及区直各部门",
            IN,
            &["各街道办事处/r", "区直各部门/r"],
        ),
        (
            "司法局，财政局",
            RoleHint::Lead,
            &["湖里区司法局/l", "湖里区财政局/l"],
        ),
        (
            "各街道办、区直各部门",
            RoleHint::Cooperate,
            &["各街道办事处/c", "区直各部门/c"],
        ),
        ("财政局协办", RoleHint::Lead, &["湖里区财政局/c"]),
        ("某某公司", IN, &["某某公司/r?"]),
        ("区司法所", IN, &["区司法所/r?"]),
        ("", IN, &[]),
    ];
    assert!(cases.len() >= 50);
    for (cell, hint, want) in cases {
        assert_eq!(resolve(cell, *hint), *want, "{cell:?}");
    }
}

#[test]
fn two_characters_apart_is_a_different_unit() {
    assert_eq!(resolve("区司法局", IN), ["湖里区司法局/r"]);
    assert_eq!(resolve("区财政局", IN), ["湖里区财政局/r"]);
}

#[test]
fn groups_expand_into_their_members_on_request() {
    let registry = Registry::default_registry();
    let mention = &units::mentions("各街道办配合", IN)[0];
    let expanded = registry.resolve(mention, true).units();
    let names: Vec<_> = expanded
        .iter()
        .map(|u| (u.name.as_str(), u.group.as_deref(), u.role))
        .collect();
    assert_eq!(
        names,
        [
            ("湖里街道办事处", Some("各街道办事处"), Role::Cooperate),
            ("殿前街道办事处", Some("各街道办事处"), Role::Cooperate),
            ("禾山街道办事处", Some("各街道办事处"), Role::Cooperate),
            ("江头街道办事处", Some("各街道办事处"), Role::Cooperate),
            ("金山街道办事处", Some("各街道办事处"), Role::Cooperate),
        ]
    );
    // A group without members stays a group.
    let kept = registry
        .resolve(&units::mentions("区直各部门", IN)[0], true)
        .units();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].kind, units::UnitKind::Group);
}

#[test]
fn a_registry_can_extend_the_default() {
    let text = "name = \"湖里区（补充）\"\nextends = \"default\"\n[[units]]\nname = \"湖里区直属分局\"\naliases = [\"直属分局\"]\n";
    let registry = Registry::from_toml(text, "extra.toml").unwrap();
    let found = |n: &str| matches!(registry.lookup(n), units::Lookup::Found(_));
    assert!(found("直属分局"));
    assert!(found("司法局"), "the default's units are still there");
}

#[test]
fn registry_errors_name_the_file_and_the_line() {
    let cases = [
        (
            "name = 3\n",
            "bad.toml, line 1: not a valid unit registry: invalid type: integer `3`, expected a string",
        ),
        (
            "name = \"x\"\nfoo = 1\n",
            "bad.toml, line 2: not a valid unit registry: unknown field `foo`",
        ),
        (
            "name = \"x\"\n[[units]]\nname = \"甲局\"\n",
            "bad.toml: not a valid unit registry: expected at least one [[jurisdictions]] entry",
        ),
        (
            "name = \"x\"\n[[jurisdictions]]\nname = \"某区\"\n[[units]]\nname = \"甲局\"\naliases = [\"甲\"]\n[[units]]\nname = \"乙局\"\naliases = [\"甲\"]\n",
            "bad.toml: not a valid unit registry: the name \"甲\" is given to both 甲局 and 乙局",
        ),
        (
            "name = \"x\"\nextends = \"other\"\n",
            "bad.toml, line 2: not a valid unit registry: /extends: \"default\" was expected",
        ),
        (
            "name = \"x\"\n[[jurisdictions]]\nname = \"某区\"\n[[units]]\nname = \"甲局\"\n[[units]]\nname = \"乙局\"\naliases = [\"\"]\n",
            "bad.toml, line 6: not a valid unit registry: /units/1/aliases/0: \"\" is shorter than 1 character",
        ),
    ];
    for (text, want) in cases {
        let e = Registry::from_toml(text, "bad.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(want), "{e}");
    }
}

#[test]
fn hints_in_a_large_registry_come_from_an_index() {
    // 20,000 units: a hint for each of 2,000 unknown names is a few lookups, not a pass over all.
    let mut text = String::from(
        "name = \"某市某区\"\n[[jurisdictions]]\nname = \"某区\"\nprefixes = [\"区\"]\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!("[[units]]\nname = \"某区第{i}办公室\"\n"));
    }
    let registry = Registry::from_toml(&text, "big.toml").unwrap();
    for i in 0..2_000 {
        // One character off a listed name.
        let name = format!("某区第{i}办公厅");
        match registry.lookup(&name) {
            units::Lookup::Unknown { hint } => {
                assert_eq!(hint.as_deref(), Some(format!("某区第{i}办公室").as_str()));
            }
            other @ units::Lookup::Found(_) => panic!("{name}: {other:?}"),
        }
    }
}

/// Two unit names written together without a separator are told apart by the notice itself:
/// both parts end as unit names do and one of them stands alone in another row.
#[test]
fn names_written_together_are_two_units_when_the_notice_names_one_alone() {
    let text = "序号\t工作任务\t责任单位\t完成时限\n\
        1\t开展特种设备安全检查\t工商质监所 安监站\t7月底前\n\
        2\t开展网吧消防安全检查\t文化站 派出所工商质监所\t8月底前\n\
        3\t开展财政资金专项审计\t区财政局国库支付中心\t9月底前\n";
    let report =
        fenjie::convert("glued.txt", text.as_bytes(), &fenjie::Options::default()).unwrap();
    let names = |i: usize| -> Vec<String> {
        report.tasks[i]
            .responsible
            .units
            .iter()
            .map(|u| u.name.clone())
            .collect()
    };
    assert_eq!(names(1), ["文化站", "派出所", "工商质监所"]);
    // A name the notice never writes otherwise stays whole.
    assert_eq!(names(2), ["区财政局国库支付中心"]);
    let note = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::LayoutGuess)
        .expect("the split is reported");
    let zh = fenjie::emit::lang::message(note, fenjie::emit::lang::Lang::Zh);
    assert!(zh.starts_with("两个单位名称连写"), "{zh}");
}
