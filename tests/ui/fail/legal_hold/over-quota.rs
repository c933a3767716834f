use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {}
        legal_hold Hold1 { title: "case-1", description: "litigation hold 1", vaults: [Main] }
        legal_hold Hold2 { title: "case-2", description: "litigation hold 2", vaults: [Main] }
        legal_hold Hold3 { title: "case-3", description: "litigation hold 3", vaults: [Main] }
        legal_hold Hold4 { title: "case-4", description: "litigation hold 4", vaults: [Main] }
        legal_hold Hold5 { title: "case-5", description: "litigation hold 5", vaults: [Main] }
        legal_hold Hold6 { title: "case-6", description: "litigation hold 6", vaults: [Main] }
        legal_hold Hold7 { title: "case-7", description: "litigation hold 7", vaults: [Main] }
        legal_hold Hold8 { title: "case-8", description: "litigation hold 8", vaults: [Main] }
        legal_hold Hold9 { title: "case-9", description: "litigation hold 9", vaults: [Main] }
        legal_hold Hold10 { title: "case-10", description: "litigation hold 10", vaults: [Main] }
        legal_hold Hold11 { title: "case-11", description: "litigation hold 11", vaults: [Main] }
        legal_hold Hold12 { title: "case-12", description: "litigation hold 12", vaults: [Main] }
        legal_hold Hold13 { title: "case-13", description: "litigation hold 13", vaults: [Main] }
        legal_hold Hold14 { title: "case-14", description: "litigation hold 14", vaults: [Main] }
        legal_hold Hold15 { title: "case-15", description: "litigation hold 15", vaults: [Main] }
        legal_hold Hold16 { title: "case-16", description: "litigation hold 16", vaults: [Main] }
        legal_hold Hold17 { title: "case-17", description: "litigation hold 17", vaults: [Main] }
        legal_hold Hold18 { title: "case-18", description: "litigation hold 18", vaults: [Main] }
        legal_hold Hold19 { title: "case-19", description: "litigation hold 19", vaults: [Main] }
        legal_hold Hold20 { title: "case-20", description: "litigation hold 20", vaults: [Main] }
        legal_hold Hold21 { title: "case-21", description: "litigation hold 21", vaults: [Main] }
        legal_hold Hold22 { title: "case-22", description: "litigation hold 22", vaults: [Main] }
        legal_hold Hold23 { title: "case-23", description: "litigation hold 23", vaults: [Main] }
        legal_hold Hold24 { title: "case-24", description: "litigation hold 24", vaults: [Main] }
        legal_hold Hold25 { title: "case-25", description: "litigation hold 25", vaults: [Main] }
        legal_hold Hold26 { title: "case-26", description: "litigation hold 26", vaults: [Main] }
        legal_hold Hold27 { title: "case-27", description: "litigation hold 27", vaults: [Main] }
        legal_hold Hold28 { title: "case-28", description: "litigation hold 28", vaults: [Main] }
        legal_hold Hold29 { title: "case-29", description: "litigation hold 29", vaults: [Main] }
        legal_hold Hold30 { title: "case-30", description: "litigation hold 30", vaults: [Main] }
        legal_hold Hold31 { title: "case-31", description: "litigation hold 31", vaults: [Main] }
        legal_hold Hold32 { title: "case-32", description: "litigation hold 32", vaults: [Main] }
        legal_hold Hold33 { title: "case-33", description: "litigation hold 33", vaults: [Main] }
        legal_hold Hold34 { title: "case-34", description: "litigation hold 34", vaults: [Main] }
        legal_hold Hold35 { title: "case-35", description: "litigation hold 35", vaults: [Main] }
        legal_hold Hold36 { title: "case-36", description: "litigation hold 36", vaults: [Main] }
        legal_hold Hold37 { title: "case-37", description: "litigation hold 37", vaults: [Main] }
        legal_hold Hold38 { title: "case-38", description: "litigation hold 38", vaults: [Main] }
        legal_hold Hold39 { title: "case-39", description: "litigation hold 39", vaults: [Main] }
        legal_hold Hold40 { title: "case-40", description: "litigation hold 40", vaults: [Main] }
        legal_hold Hold41 { title: "case-41", description: "litigation hold 41", vaults: [Main] }
        legal_hold Hold42 { title: "case-42", description: "litigation hold 42", vaults: [Main] }
        legal_hold Hold43 { title: "case-43", description: "litigation hold 43", vaults: [Main] }
        legal_hold Hold44 { title: "case-44", description: "litigation hold 44", vaults: [Main] }
        legal_hold Hold45 { title: "case-45", description: "litigation hold 45", vaults: [Main] }
        legal_hold Hold46 { title: "case-46", description: "litigation hold 46", vaults: [Main] }
        legal_hold Hold47 { title: "case-47", description: "litigation hold 47", vaults: [Main] }
        legal_hold Hold48 { title: "case-48", description: "litigation hold 48", vaults: [Main] }
        legal_hold Hold49 { title: "case-49", description: "litigation hold 49", vaults: [Main] }
        legal_hold Hold50 { title: "case-50", description: "litigation hold 50", vaults: [Main] }
        legal_hold Hold51 { title: "case-51", description: "litigation hold 51", vaults: [Main] }
    }
    let _ = stack;
}
