use super::changes::deadline_text;
use super::changes::units_text;
use super::side::meaning;
use super::*;

fn due(date: &str) -> Deadline {
    Deadline {
        raw: None,
        kind: "due".into(),
        date: Some(date.into()),
        period: None,
        ongoing: false,
    }
}

#[test]
fn deadlines_read_as_people_say_them() {
    let ongoing = Deadline {
        kind: "ongoing".into(),
        date: None,
        ..due("x")
    };
    let cases = [
        (
            due("2022-10-31"),
            due("2023-06-30"),
            "2022-10-31 → 2023-06-30",
        ),
        (ongoing, due("2023-06-30"), "ongoing → due 2023-06-30"),
    ];
    for (a, b, expected) in cases {
        assert_eq!(deadline_text(&a, &b), expected);
    }
}

#[test]
fn a_deadline_relative_to_its_year_is_the_same_next_year() {
    let a = meaning(&due("2022-10-31"), Some(2022), Deadlines::Relative);
    let b = meaning(&due("2023-10-31"), Some(2023), Deadlines::Relative);
    assert_eq!(a, b);
    let c = meaning(&due("2024-06-30"), Some(2023), Deadlines::Relative);
    assert_eq!(c.date.as_deref(), Some("+1-06-30"));
}

#[test]
fn unit_changes_name_roles() {
    let u = |name: &str, role: &str| Unit {
        name: name.into(),
        role: role.into(),
    };
    let text = units_text(
        &[
            u("区发改局", "lead"),
            u("区财政局", "cooperate"),
            u("区城管局", "cooperate"),
        ],
        &[
            u("区发改局", "lead"),
            u("区财政局", "lead"),
            u("区司法局", "cooperate"),
        ],
    );
    assert_eq!(
        text,
        "区财政局: cooperate → lead; −区城管局 (cooperate); +区司法局 (cooperate)"
    );
}

#[test]
fn years_are_masked_in_titles() {
    assert_eq!(
        masked_title("关于印发2023年全区政务公开工作要点的通知"),
        "关于印发####年全区政务公开工作要点的通知"
    );
    assert_eq!(masked_title("第12345号"), "第12345号");
}
