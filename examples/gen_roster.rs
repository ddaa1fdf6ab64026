//! Generates large, realistic, synthetic rosters of former employees
//! (退職者名簿) in the shapes Japanese HR teams keep them, for the `alumni`
//! importer's benchmarks and tests.
//!
//! The output format follows the extension of `--out`: `.csv` (comma
//! separated), `.tsv` (tab separated) or `.xlsx` (an Excel workbook written in
//! `rust_xlsxwriter`'s constant-memory mode, with native date cells). CSV and
//! TSV are streamed, so memory stays flat for any number of rows; text files
//! can be written as UTF-8, UTF-8 with a BOM, or CP932 (Shift_JIS) with CRLF
//! line ends, as Excel on Japanese Windows saves them. The same seed always
//! gives the same file.
//!
//! ```text
//! cargo run --release --example gen_roster -- --rows 1000000 --out big.csv
//! cargo run --release --example gen_roster -- --rows 5000 --out sjis.csv --encoding cp932 --title
//! cargo run --release --example gen_roster -- --rows 100000 --out roster.xlsx --seed 7
//! cargo run --release --example gen_roster -- --rows 200 --out small.tsv --header en
//! ```
//!
//! Every row has a unique, zero-padded seven-digit employee number counting
//! up from `0000001` and a unique e-mail address (when it has one). Dates are
//! written mostly as `YYYY/M/D`, and sometimes as `YYYY-MM-DD`, `YYYY年M月D日`
//! or in the 令和/平成 era forms; in `.xlsx` they are real date cells.

use std::fmt::{self, Display, Write as _};
use std::fs::File;
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use encoding_rs::SHIFT_JIS;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

const USAGE: &str = "\
usage: gen_roster --rows N --out PATH [--encoding utf8|utf8-bom|cp932] [--seed S]
                  [--title] [--header ja|en]

  --rows N        number of employee rows to write (0 to 9,999,999)
  --out PATH      output file; the format follows the extension: .csv, .tsv, .xlsx
  --encoding E    text encoding for .csv/.tsv: utf8 (default), utf8-bom, cp932
                  (cp932 also uses CRLF line ends); .xlsx is always UTF-8
  --seed S        seed for the generator, decimal or 0x-hex (default 1)
  --title         add a title row and an empty row above the header
  --header L      header language: ja (default) or en
  -h, --help      show this help";

/// The title row written with `--title`.
const TITLE: &str = "退職者名簿（生成データ）";

/// Japanese column headers, in output order.
const HEADERS_JA: [&str; COLUMNS] = [
    "社員番号",
    "氏名",
    "フリガナ",
    "メールアドレス",
    "電話番号",
    "部署",
    "職種",
    "入社日",
    "退職日",
    "退職理由",
    "再雇用可否",
    "現在の勤務先",
    "備考",
];

/// English column headers, in output order.
const HEADERS_EN: [&str; COLUMNS] = [
    "Employee ID",
    "Name",
    "Name (Kana)",
    "E-mail Address",
    "Phone",
    "Dept.",
    "Job Title",
    "Hire Date",
    "Left On",
    "Reason for Leaving",
    "Rehire",
    "Current Company",
    "Notes",
];

/// Number of columns in every roster.
const COLUMNS: usize = 13;

/// Largest row count: employee numbers must fit in seven digits.
const MAX_ROWS: u64 = 9_999_999;

/// Rows in an Excel worksheet.
const XLSX_MAX_SHEET_ROWS: u64 = 1_048_576;

/// Range of hire dates and the latest possible leave date.
const HIRE_FIRST: Date = Date::new(1995, 1, 1);
const HIRE_LAST: Date = Date::new(2023, 12, 31);
const LEAVE_LAST: Date = Date::new(2026, 10, 31);

/// First days of the Heisei and Reiwa eras.
const HEISEI_START: Date = Date::new(1989, 1, 8);
const REIWA_START: Date = Date::new(2019, 5, 1);

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

/// A surname or given name with its katakana reading and Hepburn romanization.
struct NamePart {
    kanji: &'static str,
    kana: &'static str,
    romaji: &'static str,
}

const fn np(kanji: &'static str, kana: &'static str, romaji: &'static str) -> NamePart {
    NamePart {
        kanji,
        kana,
        romaji,
    }
}

/// Common Japanese surnames.
const SURNAMES: &[NamePart] = &[
    np("佐藤", "サトウ", "sato"),
    np("鈴木", "スズキ", "suzuki"),
    np("高橋", "タカハシ", "takahashi"),
    np("田中", "タナカ", "tanaka"),
    np("伊藤", "イトウ", "ito"),
    np("渡辺", "ワタナベ", "watanabe"),
    np("山本", "ヤマモト", "yamamoto"),
    np("中村", "ナカムラ", "nakamura"),
    np("小林", "コバヤシ", "kobayashi"),
    np("加藤", "カトウ", "kato"),
    np("吉田", "ヨシダ", "yoshida"),
    np("山田", "ヤマダ", "yamada"),
    np("佐々木", "ササキ", "sasaki"),
    np("山口", "ヤマグチ", "yamaguchi"),
    np("松本", "マツモト", "matsumoto"),
    np("井上", "イノウエ", "inoue"),
    np("木村", "キムラ", "kimura"),
    np("林", "ハヤシ", "hayashi"),
    np("斎藤", "サイトウ", "saito"),
    np("清水", "シミズ", "shimizu"),
    np("山崎", "ヤマザキ", "yamazaki"),
    np("森", "モリ", "mori"),
    np("池田", "イケダ", "ikeda"),
    np("橋本", "ハシモト", "hashimoto"),
    np("阿部", "アベ", "abe"),
    np("石川", "イシカワ", "ishikawa"),
    np("山下", "ヤマシタ", "yamashita"),
    np("中島", "ナカジマ", "nakajima"),
    np("石井", "イシイ", "ishii"),
    np("小川", "オガワ", "ogawa"),
    np("前田", "マエダ", "maeda"),
    np("岡田", "オカダ", "okada"),
    np("長谷川", "ハセガワ", "hasegawa"),
    np("藤田", "フジタ", "fujita"),
    np("後藤", "ゴトウ", "goto"),
    np("近藤", "コンドウ", "kondo"),
    np("村上", "ムラカミ", "murakami"),
    np("遠藤", "エンドウ", "endo"),
    np("青木", "アオキ", "aoki"),
    np("坂本", "サカモト", "sakamoto"),
    np("斉藤", "サイトウ", "saito"),
    np("福田", "フクダ", "fukuda"),
    np("太田", "オオタ", "ota"),
    np("西村", "ニシムラ", "nishimura"),
    np("藤井", "フジイ", "fujii"),
    np("金子", "カネコ", "kaneko"),
    np("岡本", "オカモト", "okamoto"),
    np("藤原", "フジワラ", "fujiwara"),
    np("中野", "ナカノ", "nakano"),
    np("三浦", "ミウラ", "miura"),
    np("原田", "ハラダ", "harada"),
    np("中川", "ナカガワ", "nakagawa"),
    np("松田", "マツダ", "matsuda"),
    np("竹内", "タケウチ", "takeuchi"),
    np("小野", "オノ", "ono"),
    np("田村", "タムラ", "tamura"),
    np("中山", "ナカヤマ", "nakayama"),
    np("和田", "ワダ", "wada"),
    np("石田", "イシダ", "ishida"),
    np("森田", "モリタ", "morita"),
    np("上田", "ウエダ", "ueda"),
    np("原", "ハラ", "hara"),
    np("内田", "ウチダ", "uchida"),
    np("柴田", "シバタ", "shibata"),
    np("酒井", "サカイ", "sakai"),
    np("宮崎", "ミヤザキ", "miyazaki"),
    np("横山", "ヨコヤマ", "yokoyama"),
    np("高木", "タカギ", "takagi"),
    np("安藤", "アンドウ", "ando"),
    np("宮本", "ミヤモト", "miyamoto"),
    np("大野", "オオノ", "ono"),
    np("小島", "コジマ", "kojima"),
    np("工藤", "クドウ", "kudo"),
    np("谷口", "タニグチ", "taniguchi"),
    np("今井", "イマイ", "imai"),
    np("丸山", "マルヤマ", "maruyama"),
    np("増田", "マスダ", "masuda"),
    np("杉山", "スギヤマ", "sugiyama"),
    np("村田", "ムラタ", "murata"),
    np("大塚", "オオツカ", "otsuka"),
    np("千葉", "チバ", "chiba"),
    np("桜井", "サクライ", "sakurai"),
    np("野口", "ノグチ", "noguchi"),
    np("菅原", "スガワラ", "sugawara"),
    np("木下", "キノシタ", "kinoshita"),
];

/// Common given names of several generations, men's and women's.
const GIVEN_NAMES: &[NamePart] = &[
    np("太郎", "タロウ", "taro"),
    np("一郎", "イチロウ", "ichiro"),
    np("健太", "ケンタ", "kenta"),
    np("翔太", "ショウタ", "shota"),
    np("大輔", "ダイスケ", "daisuke"),
    np("拓也", "タクヤ", "takuya"),
    np("直樹", "ナオキ", "naoki"),
    np("健一", "ケンイチ", "kenichi"),
    np("誠", "マコト", "makoto"),
    np("浩", "ヒロシ", "hiroshi"),
    np("隆", "タカシ", "takashi"),
    np("学", "マナブ", "manabu"),
    np("剛", "ツヨシ", "tsuyoshi"),
    np("修", "オサム", "osamu"),
    np("和也", "カズヤ", "kazuya"),
    np("達也", "タツヤ", "tatsuya"),
    np("亮", "リョウ", "ryo"),
    np("大樹", "ダイキ", "daiki"),
    np("翔", "ショウ", "sho"),
    np("蓮", "レン", "ren"),
    np("陽翔", "ハルト", "haruto"),
    np("悠真", "ユウマ", "yuma"),
    np("湊", "ミナト", "minato"),
    np("大翔", "ヒロト", "hiroto"),
    np("颯太", "ソウタ", "sota"),
    np("陸", "リク", "riku"),
    np("悠人", "ユウト", "yuto"),
    np("優太", "ユウタ", "yuta"),
    np("雄一", "ユウイチ", "yuichi"),
    np("秀樹", "ヒデキ", "hideki"),
    np("正人", "マサト", "masato"),
    np("翼", "ツバサ", "tsubasa"),
    np("光", "ヒカル", "hikaru"),
    np("花子", "ハナコ", "hanako"),
    np("恵子", "ケイコ", "keiko"),
    np("洋子", "ヨウコ", "yoko"),
    np("由美子", "ユミコ", "yumiko"),
    np("美香", "ミカ", "mika"),
    np("智子", "トモコ", "tomoko"),
    np("久美子", "クミコ", "kumiko"),
    np("直美", "ナオミ", "naomi"),
    np("裕子", "ユウコ", "yuko"),
    np("真由美", "マユミ", "mayumi"),
    np("明美", "アケミ", "akemi"),
    np("愛", "アイ", "ai"),
    np("彩", "アヤ", "aya"),
    np("舞", "マイ", "mai"),
    np("美咲", "ミサキ", "misaki"),
    np("さくら", "サクラ", "sakura"),
    np("陽菜", "ヒナ", "hina"),
    np("結衣", "ユイ", "yui"),
    np("葵", "アオイ", "aoi"),
    np("凛", "リン", "rin"),
    np("結菜", "ユイナ", "yuina"),
    np("芽依", "メイ", "mei"),
    np("美穂", "ミホ", "miho"),
    np("麻衣", "マイ", "mai"),
    np("沙織", "サオリ", "saori"),
    np("恵", "メグミ", "megumi"),
    np("千尋", "チヒロ", "chihiro"),
    np("奈々", "ナナ", "nana"),
    np("理恵", "リエ", "rie"),
    np("香織", "カオリ", "kaori"),
    np("綾乃", "アヤノ", "ayano"),
    np("真央", "マオ", "mao"),
    np("莉子", "リコ", "riko"),
    np("美月", "ミヅキ", "mizuki"),
];

/// A department, how common it is, and the job titles found in it.
struct Department {
    name: &'static str,
    weight: u32,
    titles: &'static [&'static str],
}

const DEPARTMENTS: &[Department] = &[
    Department {
        name: "営業部",
        weight: 24,
        titles: &["法人営業", "営業企画", "営業事務", "インサイドセールス"],
    },
    Department {
        name: "開発部",
        weight: 22,
        titles: &[
            "ソフトウェアエンジニア",
            "フロントエンドエンジニア",
            "バックエンドエンジニア",
            "QAエンジニア",
            "プロジェクトマネージャー",
        ],
    },
    Department {
        name: "人事部",
        weight: 5,
        titles: &["人事担当", "採用担当", "労務担当", "人事企画"],
    },
    Department {
        name: "経理部",
        weight: 5,
        titles: &["経理担当", "財務担当", "経理マネージャー"],
    },
    Department {
        name: "マーケティング部",
        weight: 7,
        titles: &[
            "マーケター",
            "デジタルマーケター",
            "広報",
            "ブランドマネージャー",
        ],
    },
    Department {
        name: "カスタマーサクセス部",
        weight: 10,
        titles: &["カスタマーサクセス", "サポート担当", "オンボーディング担当"],
    },
    Department {
        name: "法務部",
        weight: 2,
        titles: &["法務担当", "契約審査担当", "コンプライアンス担当"],
    },
    Department {
        name: "情報システム部",
        weight: 5,
        titles: &[
            "社内SE",
            "インフラエンジニア",
            "ヘルプデスク",
            "セキュリティエンジニア",
        ],
    },
    Department {
        name: "総務部",
        weight: 5,
        titles: &["総務担当", "庶務", "ファシリティ担当"],
    },
    Department {
        name: "経営企画部",
        weight: 3,
        titles: &["経営企画", "事業開発"],
    },
    Department {
        name: "品質保証部",
        weight: 6,
        titles: &["品質管理", "品質保証担当", "テストエンジニア"],
    },
    Department {
        name: "デザイン部",
        weight: 4,
        titles: &["UIデザイナー", "グラフィックデザイナー", "UXリサーチャー"],
    },
    Department {
        name: "物流部",
        weight: 2,
        titles: &["物流管理", "倉庫管理", "購買担当"],
    },
];

/// Reason for leaving, with its weight per 10,000 rows.
const REASONS: &[(&str, u32)] = &[
    ("転職", 2800),
    ("一身上の都合", 1500),
    ("キャリアアップ", 1300),
    ("家庭の事情", 800),
    ("契約満了", 700),
    ("定年退職", 450),
    ("結婚", 350),
    ("出産・育児", 350),
    ("体調不良", 350),
    ("転居", 300),
    ("介護", 250),
    ("独立・起業", 250),
    ("留学", 150),
    ("会社都合", 150),
    ("早期退職制度", 130),
    ("懲戒", 20),
];

/// Tenure below which 定年退職 (retirement) would be implausible.
const MIN_RETIREMENT_TENURE_DAYS: i32 = 10 * 365;

/// Rehire eligibility values, with weights per 100 rows; "" is an empty cell.
const REHIRE: &[(&str, u32)] = &[("可", 45), ("要相談", 25), ("不可", 15), ("", 15)];

/// Stems and kinds that compose fictional company names.
const COMPANY_STEMS: &[&str] = &[
    "あおば",
    "ひかり",
    "みらい",
    "アスカ",
    "ネクスト",
    "グローバル",
    "東都",
    "北辰",
    "大和",
    "関東",
    "中央",
    "青葉",
    "富士見",
    "新星",
    "光陽",
    "スカイ",
    "ブルーオーシャン",
    "サンライズ",
    "白鷺",
    "瑞穂",
];

const COMPANY_KINDS: &[&str] = &[
    "商事",
    "システムズ",
    "テクノロジーズ",
    "ソリューションズ",
    "物産",
    "製作所",
    "ホールディングス",
    "コンサルティング",
    "電機",
    "不動産",
    "フーズ",
    "ロジスティクス",
    "メディカル",
    "ネットワークス",
];

/// Current "employers" that are not companies.
const NON_COMPANIES: &[&str] = &["フリーランス", "自営業", "公務員", "大学院在学中", "不明"];

/// Short notes HR leaves in the 備考 column.
const NOTES: &[&str] = &[
    "OB会案内希望",
    "離職票送付済み",
    "源泉徴収票送付済み",
    "貸与PC返却済み",
    "社員証返却済み",
    "住所変更あり",
    "連絡先不明",
    "再雇用面談済み",
    "退職金支給済み",
    "有給消化後退職",
    "引継ぎ完了",
    "健康保険証回収済み",
    "出戻り検討中",
    "アルムナイ交流会参加",
    "競業避止誓約書あり",
    "貸与PC返却済み、社員証返却済み",
];

/// Notes that contain an ASCII comma, so CSV output must quote them.
const NOTES_WITH_COMMA: &[&str] = &[
    "貸与PC返却済み, 社員証未返却",
    "住所変更あり, 要確認",
    "OB会案内希望, メール連絡可",
    "離職票送付済み, 受領確認済み",
];

/// Notes that contain double quotes, which CSV output must double.
const NOTES_WITH_QUOTE: &[&str] = &["\"アルムナイ採用\"候補", "本人より\"連絡不要\"との申し出"];

/// Domains for e-mail addresses; all reserved for examples.
const EMAIL_DOMAINS: &[&str] = &[
    "example.co.jp",
    "example.jp",
    "example.ne.jp",
    "example.com",
];

/// Mobile prefixes and landline area codes, with the digits of the middle part.
const MOBILE_PREFIXES: &[&str] = &["090", "080", "070"];
const LANDLINE_AREAS: &[(&str, usize)] = &[
    ("03", 4),
    ("06", 4),
    ("045", 3),
    ("052", 3),
    ("011", 3),
    ("092", 3),
];

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// SplitMix64: a tiny, fast, statistically decent 64-bit generator.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (multiply-shift; bias is negligible).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    fn range_i32(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as u64) as i32
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// A uniform float in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniformly chosen item.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *self.pick_ref(items)
    }

    /// A reference to a uniformly chosen item.
    fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks an item with probability proportional to its weight.
    fn pick_weighted<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
        let total: u64 = items.iter().map(|item| u64::from(weight(item))).sum();
        let mut ticket = self.below(total);
        for item in items {
            let w = u64::from(weight(item));
            if ticket < w {
                return item;
            }
            ticket -= w;
        }
        unreachable!("ticket is below the total weight")
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    const fn new(year: i32, month: u32, day: u32) -> Self {
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn to_days(self) -> i32 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i32;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + self.day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    fn from_days(days: i32) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        Date { year, month, day }
    }

    fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => 31,
        }
    }

    /// The same day `months` later, clamped to the end of a shorter month.
    fn add_months(self, months: u32) -> Self {
        let index = self.year * 12 + (self.month as i32 - 1) + months as i32;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let day = self.day.min(Self::days_in_month(year, month));
        Date { year, month, day }
    }

    fn end_of_month(self) -> Self {
        Date {
            day: Self::days_in_month(self.year, self.month),
            ..self
        }
    }
}

/// How a date is written in a text roster.
#[derive(Clone, Copy)]
enum DateStyle {
    /// `2019/4/1`, the way Excel shows dates on Japanese Windows.
    Slash,
    /// `2019-04-01`.
    Iso,
    /// `2019年4月1日`.
    Kanji,
    /// `令和元年5月1日` / `平成31年4月30日`.
    Era,
}

impl DateStyle {
    fn random(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..70 => DateStyle::Slash,
            70..82 => DateStyle::Iso,
            82..92 => DateStyle::Kanji,
            _ => DateStyle::Era,
        }
    }
}

/// A date and the style it is written in.
#[derive(Clone, Copy)]
struct StyledDate {
    date: Date,
    style: DateStyle,
}

impl Display for StyledDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Date { year, month, day } = self.date;
        match self.style {
            DateStyle::Slash => write!(f, "{year}/{month}/{day}"),
            DateStyle::Iso => write!(f, "{year:04}-{month:02}-{day:02}"),
            DateStyle::Kanji => write!(f, "{year}年{month}月{day}日"),
            DateStyle::Era => write_era_date(f, self.date),
        }
    }
}

/// Writes a date in the Japanese era calendar; 元年 stands for an era's first year.
/// Dates before Heisei (never generated) fall back to the Gregorian kanji form.
fn write_era_date(f: &mut fmt::Formatter<'_>, date: Date) -> fmt::Result {
    let (era, first_year) = if date >= REIWA_START {
        ("令和", REIWA_START.year)
    } else if date >= HEISEI_START {
        ("平成", HEISEI_START.year)
    } else {
        return write!(f, "{}年{}月{}日", date.year, date.month, date.day);
    };
    f.write_str(era)?;
    match date.year - first_year + 1 {
        1 => f.write_str("元")?,
        n => write!(f, "{n}")?,
    }
    write!(f, "年{}月{}日", date.month, date.day)
}

// ---------------------------------------------------------------------------
// One roster row
// ---------------------------------------------------------------------------

/// A phone number such as `090-1234-5678` or `045-123-4567`.
#[derive(Clone, Copy)]
struct Phone {
    prefix: &'static str,
    middle_digits: usize,
    middle: u32,
    last: u32,
}

impl Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.middle_digits;
        write!(
            f,
            "{}-{:0width$}-{:04}",
            self.prefix, self.middle, self.last
        )
    }
}

/// Where a former employee works now.
#[derive(Clone, Copy)]
enum Company {
    /// `株式会社ひかり商事`.
    KabushikiPrefix(&'static str, &'static str),
    /// `ひかり商事株式会社`.
    KabushikiSuffix(&'static str, &'static str),
    /// `合同会社ひかり商事`.
    Godo(&'static str, &'static str),
    /// Freelance, self-employed and the like.
    Other(&'static str),
}

impl Display for Company {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Company::KabushikiPrefix(stem, kind) => write!(f, "株式会社{stem}{kind}"),
            Company::KabushikiSuffix(stem, kind) => write!(f, "{stem}{kind}株式会社"),
            Company::Godo(stem, kind) => write!(f, "合同会社{stem}{kind}"),
            Company::Other(text) => f.write_str(text),
        }
    }
}

/// One former employee.
struct Row {
    id: u32,
    surname: &'static NamePart,
    given: &'static NamePart,
    email_domain: Option<&'static str>,
    phone: Option<Phone>,
    department: &'static str,
    title: &'static str,
    hired: StyledDate,
    left: StyledDate,
    reason: &'static str,
    rehire: &'static str,
    company: Option<Company>,
    note: &'static str,
}

/// One cell of a row: text, or a date that `.xlsx` writes as a date cell.
enum Cell<'a> {
    Text(&'a str),
    EmployeeId(u32),
    Name(&'a str, &'a str),
    Email(&'a NamePart, &'a NamePart, u32, &'a str),
    Phone(Phone),
    Company(Company),
    Date(StyledDate),
}

impl Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Text(text) => f.write_str(text),
            Cell::EmployeeId(id) => write!(f, "{id:07}"),
            // Surname and given name are separated by a full-width space.
            Cell::Name(surname, given) => write!(f, "{surname}\u{3000}{given}"),
            Cell::Email(given, surname, id, domain) => {
                write!(f, "{}.{}.{id}@{domain}", given.romaji, surname.romaji)
            }
            Cell::Phone(phone) => phone.fmt(f),
            Cell::Company(company) => company.fmt(f),
            Cell::Date(date) => date.fmt(f),
        }
    }
}

impl Row {
    /// Generates the row of employee number `id`.
    fn generate(rng: &mut Rng, id: u32) -> Self {
        let surname = rng.pick_ref(SURNAMES);
        let given = rng.pick_ref(GIVEN_NAMES);
        let email_domain = (!rng.chance(50)).then(|| rng.pick(EMAIL_DOMAINS));
        let phone = (!rng.chance(30)).then(|| random_phone(rng));
        let department = rng.pick_weighted(DEPARTMENTS, |d| d.weight);
        let title = rng.pick(department.titles);
        let (hired, left) = random_tenure(rng);
        let reason = random_reason(rng, hired, left);
        // Nobody dismissed for misconduct is marked as rehirable.
        let rehire = if reason == "懲戒" {
            "不可"
        } else {
            rng.pick_weighted(REHIRE, |r| r.1).0
        };
        Row {
            id,
            surname,
            given,
            email_domain,
            phone,
            department: department.name,
            title,
            hired: StyledDate {
                date: hired,
                style: DateStyle::random(rng),
            },
            left: StyledDate {
                date: left,
                style: DateStyle::random(rng),
            },
            reason,
            rehire,
            company: random_company(rng),
            note: random_note(rng),
        }
    }

    /// The cells of the row, in header order; `None` is an empty cell.
    fn cells(&self) -> [Option<Cell<'_>>; COLUMNS] {
        let text = |s: &'static str| (!s.is_empty()).then_some(Cell::Text(s));
        [
            Some(Cell::EmployeeId(self.id)),
            Some(Cell::Name(self.surname.kanji, self.given.kanji)),
            Some(Cell::Name(self.surname.kana, self.given.kana)),
            self.email_domain
                .map(|domain| Cell::Email(self.given, self.surname, self.id, domain)),
            self.phone.map(Cell::Phone),
            text(self.department),
            text(self.title),
            Some(Cell::Date(self.hired)),
            Some(Cell::Date(self.left)),
            text(self.reason),
            text(self.rehire),
            self.company.map(Cell::Company),
            text(self.note),
        ]
    }
}

fn random_phone(rng: &mut Rng) -> Phone {
    let (prefix, middle_digits) = if rng.chance(800) {
        (rng.pick(MOBILE_PREFIXES), 4)
    } else {
        rng.pick(LANDLINE_AREAS)
    };
    let middle_limit = if middle_digits == 4 { 10_000 } else { 1_000 };
    Phone {
        prefix,
        middle_digits,
        middle: rng.below(middle_limit) as u32,
        last: rng.below(10_000) as u32,
    }
}

/// A hire date in 1995–2023 and a leave date from one month to twenty years
/// later, no later than [`LEAVE_LAST`]. A quarter of hires start on 1 April
/// (new graduates), tenures lean short, and half the leavers go at month end.
fn random_tenure(rng: &mut Rng) -> (Date, Date) {
    let hired = if rng.chance(250) {
        Date::new(rng.range_i32(HIRE_FIRST.year, HIRE_LAST.year), 4, 1)
    } else {
        Date::from_days(rng.range_i32(HIRE_FIRST.to_days(), HIRE_LAST.to_days()))
    };
    let earliest = hired.add_months(1).to_days();
    let latest = hired.add_months(240).min(LEAVE_LAST).to_days();
    // Squaring a uniform number skews tenures toward the short end.
    let u = rng.unit();
    let offset = (u * u * f64::from(latest - earliest + 1)) as i32;
    let mut left = Date::from_days(earliest + offset);
    if rng.chance(500) && left.end_of_month().to_days() <= latest {
        left = left.end_of_month();
    }
    (hired, left)
}

/// A reason for leaving; retirement only after a long tenure.
fn random_reason(rng: &mut Rng, hired: Date, left: Date) -> &'static str {
    let reason = rng.pick_weighted(REASONS, |r| r.1).0;
    let tenure = left.to_days() - hired.to_days();
    if reason == "定年退職" && tenure < MIN_RETIREMENT_TENURE_DAYS {
        "一身上の都合"
    } else {
        reason
    }
}

fn random_company(rng: &mut Rng) -> Option<Company> {
    let roll = rng.below(100);
    if roll < 45 {
        return None;
    }
    let stem = rng.pick(COMPANY_STEMS);
    let kind = rng.pick(COMPANY_KINDS);
    Some(match roll {
        45..75 => Company::KabushikiPrefix(stem, kind),
        75..90 => Company::KabushikiSuffix(stem, kind),
        90..94 => Company::Godo(stem, kind),
        _ => Company::Other(rng.pick(NON_COMPANIES)),
    })
}

/// Mostly empty; sometimes a short note, occasionally one with a comma or quotes.
fn random_note(rng: &mut Rng) -> &'static str {
    let notes = match rng.below(1000) {
        0..820 => return "",
        820..970 => NOTES,
        970..995 => NOTES_WITH_COMMA,
        _ => NOTES_WITH_QUOTE,
    };
    rng.pick(notes)
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Csv,
    Tsv,
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextEncoding {
    Utf8,
    Utf8Bom,
    Cp932,
}

struct Options {
    rows: u64,
    out: PathBuf,
    format: OutputFormat,
    encoding: TextEncoding,
    seed: u64,
    title: bool,
    headers: &'static [&'static str; COLUMNS],
}

enum Command {
    Help,
    Generate(Options),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut rows = None;
    let mut out = None;
    let mut encoding = None;
    let mut seed = 1;
    let mut title = false;
    let mut headers = &HEADERS_JA;

    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--rows" => rows = Some(parse_number(&value("--rows")?, "--rows")?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => seed = parse_number(&value("--seed")?, "--seed")?,
            "--title" => title = true,
            "--encoding" => {
                encoding = Some(match value("--encoding")?.as_str() {
                    "utf8" | "utf-8" => TextEncoding::Utf8,
                    "utf8-bom" | "utf-8-bom" => TextEncoding::Utf8Bom,
                    "cp932" | "sjis" | "shift_jis" => TextEncoding::Cp932,
                    other => return Err(format!("unknown encoding {other:?}")),
                })
            }
            "--header" => {
                headers = match value("--header")?.as_str() {
                    "ja" => &HEADERS_JA,
                    "en" => &HEADERS_EN,
                    other => return Err(format!("unknown header language {other:?}")),
                }
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }

    let rows = rows.ok_or("--rows is required")?;
    let out = out.ok_or("--out is required")?;
    let format = output_format(&out)?;
    if rows > MAX_ROWS {
        return Err(format!("--rows must be at most {MAX_ROWS}"));
    }
    let header_rows = if title { 3 } else { 1 };
    if format == OutputFormat::Xlsx && rows + header_rows > XLSX_MAX_SHEET_ROWS {
        let most = XLSX_MAX_SHEET_ROWS - header_rows;
        return Err(format!("an .xlsx worksheet holds at most {most} rows here"));
    }
    if format == OutputFormat::Xlsx && encoding.is_some_and(|e| e != TextEncoding::Utf8) {
        return Err("--encoding applies to .csv and .tsv only".into());
    }
    Ok(Command::Generate(Options {
        rows,
        out,
        format,
        encoding: encoding.unwrap_or(TextEncoding::Utf8),
        seed,
        title,
        headers,
    }))
}

/// Parses a decimal (underscores allowed) or `0x` hexadecimal number.
fn parse_number(text: &str, name: &str) -> Result<u64, String> {
    let cleaned = text.replace('_', "");
    let parsed = match cleaned.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => cleaned.parse(),
    };
    parsed.map_err(|_| format!("{name} expects a number, got {text:?}"))
}

fn output_format(path: &Path) -> Result<OutputFormat, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Ok(OutputFormat::Csv),
        Some("tsv") => Ok(OutputFormat::Tsv),
        Some("xlsx") => Ok(OutputFormat::Xlsx),
        _ => Err(format!(
            "cannot tell the format of {}: use .csv, .tsv or .xlsx",
            path.display()
        )),
    }
}

// ---------------------------------------------------------------------------
// CSV and TSV
// ---------------------------------------------------------------------------

/// Streams delimited lines to a file in the chosen encoding.
struct TextSink {
    out: BufWriter<File>,
    newline: &'static str,
    /// Set for CP932 output.
    cp932: Option<Cp932Encoder>,
}

impl TextSink {
    fn create(path: &Path, encoding: TextEncoding) -> io::Result<Self> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        if encoding == TextEncoding::Utf8Bom {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        let cp932 = encoding == TextEncoding::Cp932;
        Ok(TextSink {
            out,
            // Excel on Japanese Windows saves CP932 CSV with CRLF line ends.
            newline: if cp932 { "\r\n" } else { "\n" },
            cp932: cp932.then(Cp932Encoder::new),
        })
    }

    /// Writes `line` and a line end.
    fn write_line(&mut self, line: &mut String) -> io::Result<()> {
        line.push_str(self.newline);
        match &mut self.cp932 {
            Some(encoder) => self.out.write_all(encoder.encode(line)),
            None => self.out.write_all(line.as_bytes()),
        }
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Encodes text to CP932 with `encoding_rs::SHIFT_JIS` (the WHATWG Shift_JIS,
/// which is Windows code page 932), memoizing each character's bytes:
/// `encoding_rs` looks kanji up by searching its index, which would otherwise
/// make CP932 output several times slower than UTF-8.
struct Cp932Encoder {
    /// CP932 code of each BMP code point seen so far; 0 means not looked up yet.
    codes: Vec<u16>,
    buffer: Vec<u8>,
}

impl Cp932Encoder {
    fn new() -> Self {
        Cp932Encoder {
            codes: vec![0; 0x1_0000],
            buffer: Vec::with_capacity(1024),
        }
    }

    /// Encodes `text`, panicking on a character CP932 cannot represent
    /// (which would be a bug in the word lists).
    fn encode(&mut self, text: &str) -> &[u8] {
        self.buffer.clear();
        for c in text.chars() {
            if c.is_ascii() {
                self.buffer.push(c as u8);
                continue;
            }
            let [lead, trail] = self.code_of(c).to_be_bytes();
            if lead != 0 {
                self.buffer.push(lead);
            }
            self.buffer.push(trail);
        }
        &self.buffer
    }

    fn code_of(&mut self, c: char) -> u16 {
        let slot = self
            .codes
            .get_mut(c as usize)
            .unwrap_or_else(|| panic!("{c:?} has no CP932 encoding"));
        if *slot == 0 {
            *slot = encode_char_cp932(c);
        }
        *slot
    }
}

/// The one- or two-byte CP932 code of a non-ASCII character.
fn encode_char_cp932(c: char) -> u16 {
    let mut utf8 = [0; 4];
    let (bytes, _, unmappable) = SHIFT_JIS.encode(c.encode_utf8(&mut utf8));
    assert!(!unmappable, "{c:?} has no CP932 encoding");
    match *bytes {
        [single] => u16::from(single),
        [lead, trail] => u16::from_be_bytes([lead, trail]),
        _ => unreachable!("CP932 codes are one or two bytes"),
    }
}

/// Appends `value` to `line` as one field, quoting it when it holds the
/// delimiter, a quote or a line break (RFC 4180; quotes are doubled).
fn push_field(line: &mut String, value: &str, delimiter: char) {
    let needs_quotes = value.contains([delimiter, '"', '\n', '\r']);
    if !needs_quotes {
        line.push_str(value);
        return;
    }
    line.push('"');
    for c in value.chars() {
        if c == '"' {
            line.push('"');
        }
        line.push(c);
    }
    line.push('"');
}

/// Builds the text of one roster row into `line`, using `scratch` to render
/// cells that are not plain text.
fn push_row(line: &mut String, scratch: &mut String, row: &Row, delimiter: char) {
    for (index, cell) in row.cells().iter().enumerate() {
        if index > 0 {
            line.push(delimiter);
        }
        match cell {
            None => {}
            Some(Cell::Text(text)) => push_field(line, text, delimiter),
            Some(other) => {
                scratch.clear();
                write!(scratch, "{other}").expect("writing to a String cannot fail");
                push_field(line, scratch, delimiter);
            }
        }
    }
}

fn write_text(options: &Options, rng: &mut Rng) -> io::Result<()> {
    if options.encoding == TextEncoding::Cp932 {
        assert_word_lists_encode_in_cp932();
    }
    let delimiter = if options.format == OutputFormat::Tsv {
        '\t'
    } else {
        ','
    };
    let mut sink = TextSink::create(&options.out, options.encoding)?;
    let mut line = String::with_capacity(512);
    let mut scratch = String::with_capacity(128);

    if options.title {
        // Excel pads every row of the used range out to its full width.
        let padding: String = std::iter::repeat_n(delimiter, COLUMNS - 1).collect();
        line.push_str(TITLE);
        line.push_str(&padding);
        sink.write_line(&mut line)?;
        line.clear();
        line.push_str(&padding);
        sink.write_line(&mut line)?;
    }
    line.clear();
    for (index, header) in options.headers.iter().enumerate() {
        if index > 0 {
            line.push(delimiter);
        }
        push_field(&mut line, header, delimiter);
    }
    sink.write_line(&mut line)?;

    for id in 1..=options.rows as u32 {
        let row = Row::generate(rng, id);
        line.clear();
        push_row(&mut line, &mut scratch, &row, delimiter);
        sink.write_line(&mut line)?;
    }
    sink.finish()
}

/// Checks that every fixed string the generator can emit encodes in CP932.
fn assert_word_lists_encode_in_cp932() {
    let names = SURNAMES.iter().chain(GIVEN_NAMES);
    let name_texts = names.flat_map(|n| [n.kanji, n.kana, n.romaji]);
    let departments = DEPARTMENTS
        .iter()
        .flat_map(|d| std::iter::once(d.name).chain(d.titles.iter().copied()));
    let fixed = [
        TITLE,
        "\u{3000}",
        "株式会社",
        "合同会社",
        "令和",
        "平成",
        "元年月日",
    ];
    let all = name_texts
        .chain(departments)
        .chain(REASONS.iter().map(|r| r.0))
        .chain(REHIRE.iter().map(|r| r.0))
        .chain(COMPANY_STEMS.iter().copied())
        .chain(COMPANY_KINDS.iter().copied())
        .chain(NON_COMPANIES.iter().copied())
        .chain(NOTES.iter().copied())
        .chain(NOTES_WITH_COMMA.iter().copied())
        .chain(NOTES_WITH_QUOTE.iter().copied())
        .chain(HEADERS_JA.iter().copied())
        .chain(fixed);
    for text in all {
        let (_, _, unmappable) = SHIFT_JIS.encode(text);
        assert!(!unmappable, "{text:?} cannot be encoded in CP932");
    }
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

/// Column widths in characters, in header order.
const XLSX_WIDTHS: [f64; COLUMNS] = [
    10.0, 14.0, 18.0, 36.0, 15.0, 20.0, 24.0, 12.0, 12.0, 16.0, 10.0, 30.0, 32.0,
];

/// Cell formats shared by the whole sheet.
struct XlsxFormats {
    title: Format,
    header: Format,
    date: Format,
}

impl XlsxFormats {
    fn new() -> Self {
        XlsxFormats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            header: Format::new()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_border(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy/mm/dd"),
        }
    }
}

fn write_xlsx(options: &Options, rng: &mut Rng) -> Result<(), XlsxError> {
    let formats = XlsxFormats::new();
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the file byte-identical for a given seed.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(TITLE)
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("退職者名簿")?;
    for (col, width) in XLSX_WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }

    let mut row_index: u32 = 0;
    if options.title {
        sheet.merge_range(0, 0, 0, COLUMNS as u16 - 1, TITLE, &formats.title)?;
        row_index = 2;
    }
    for (col, header) in options.headers.iter().enumerate() {
        sheet.write_string_with_format(row_index, col as u16, *header, &formats.header)?;
    }
    sheet.set_freeze_panes(row_index + 1, 0)?;

    for id in 1..=options.rows as u32 {
        row_index += 1;
        write_xlsx_row(sheet, row_index, &Row::generate(rng, id), &formats)?;
    }
    workbook.save(&options.out)
}

/// Writes one roster row: dates as date cells, everything else (employee
/// numbers included, to keep their leading zeros) as text; empty cells are skipped.
fn write_xlsx_row(
    sheet: &mut Worksheet,
    row_index: u32,
    row: &Row,
    formats: &XlsxFormats,
) -> Result<(), XlsxError> {
    for (col, cell) in row.cells().iter().enumerate() {
        let col = col as u16;
        match cell {
            None => {}
            Some(Cell::Date(styled)) => {
                let Date { year, month, day } = styled.date;
                let date = ExcelDateTime::from_ymd(year as u16, month as u8, day as u8)?;
                sheet.write_date_with_format(row_index, col, &date, &formats.date)?;
            }
            Some(Cell::Text(text)) => {
                sheet.write_string(row_index, col, *text)?;
            }
            Some(other) => {
                sheet.write_string(row_index, col, other.to_string())?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

fn run(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Rng::new(options.seed);
    match options.format {
        OutputFormat::Csv | OutputFormat::Tsv => write_text(options, &mut rng)?,
        OutputFormat::Xlsx => write_xlsx(options, &mut rng)?,
    }
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Generate(options)) => options,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gen_roster: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let started = Instant::now();
    if let Err(error) = run(&options) {
        eprintln!("gen_roster: {}: {error}", options.out.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "gen_roster: wrote {} rows to {} in {:.2?}",
        options.rows,
        options.out.display(),
        started.elapsed()
    );
    ExitCode::SUCCESS
}
