//! The Net Promoter Score of a set of 0–10 recommendation scores: a
//! promoter scored 9 or 10, a passive 7 or 8, a detractor 0 to 6, and the
//! score is (promoters − detractors) / respondents × 100, from −100 to 100.
//! Only answers with a score count; a survey nobody scored has no NPS.

/// What kind of respondent a score makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// 9–10.
    Promoter,
    /// 7–8.
    Passive,
    /// 0–6.
    Detractor,
}

impl Group {
    /// The group of a 0–10 score; `None` outside 0–10.
    pub fn of(score: u8) -> Option<Group> {
        match score {
            9..=10 => Some(Group::Promoter),
            7..=8 => Some(Group::Passive),
            0..=6 => Some(Group::Detractor),
            _ => None,
        }
    }
}

/// The counts behind an NPS, and how many gave each score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nps {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// `distribution[s]`: how many scored `s`.
    pub distribution: [u64; 11],
}

impl Nps {
    /// Counts the scores; one outside 0–10 is left out (the schema keeps
    /// them from being stored).
    pub fn from_scores(scores: impl IntoIterator<Item = u8>) -> Nps {
        let mut nps = Nps::default();
        for score in scores {
            nps.add(score);
        }
        nps
    }

    /// Counts one more score; false (and nothing counted) outside 0–10.
    pub fn add(&mut self, score: u8) -> bool {
        let Some(group) = Group::of(score) else {
            return false;
        };
        match group {
            Group::Promoter => self.promoters += 1,
            Group::Passive => self.passives += 1,
            Group::Detractor => self.detractors += 1,
        }
        self.distribution[usize::from(score)] += 1;
        true
    }

    /// How many gave a score.
    pub fn respondents(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    /// (promoters − detractors) / respondents × 100, unrounded; `None`
    /// when nobody gave a score. Multiplied before it is divided, as the
    /// workbook's formula is, so that both give the same last digit.
    pub fn score(&self) -> Option<f64> {
        let n = self.respondents();
        (n > 0).then(|| (self.promoters as f64 - self.detractors as f64) * 100.0 / n as f64)
    }

    /// The score rounded to a whole number, as NPS is reported (half away
    /// from zero: 12.5 is 13, −12.5 is −13).
    pub fn rounded(&self) -> Option<i64> {
        self.score().map(|s| s.round() as i64)
    }

    /// Both sets of counts together (a period's NPS from its surveys').
    pub fn merged(mut self, other: &Nps) -> Nps {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
        for (mine, theirs) in self.distribution.iter_mut().zip(other.distribution) {
            *mine += theirs;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_split_at_six_and_eight() {
        assert_eq!(Group::of(0), Some(Group::Detractor));
        assert_eq!(Group::of(6), Some(Group::Detractor));
        assert_eq!(Group::of(7), Some(Group::Passive));
        assert_eq!(Group::of(8), Some(Group::Passive));
        assert_eq!(Group::of(9), Some(Group::Promoter));
        assert_eq!(Group::of(10), Some(Group::Promoter));
        assert_eq!(Group::of(11), None);
    }

    #[test]
    fn ten_scores_worked_by_hand() {
        // 10, 9, 9, 8, 7, 6, 5, 3, 10, 0: promoters 10, 9, 9, 10 = 4;
        // passives 8, 7 = 2; detractors 6, 5, 3, 0 = 4. (4 − 4) / 10 = 0.
        let nps = Nps::from_scores([10, 9, 9, 8, 7, 6, 5, 3, 10, 0]);
        assert_eq!((nps.promoters, nps.passives, nps.detractors), (4, 2, 4));
        assert_eq!(nps.respondents(), 10);
        assert_eq!(nps.score(), Some(0.0));
        assert_eq!(nps.rounded(), Some(0));
        assert_eq!(nps.distribution, [1, 0, 0, 1, 0, 1, 1, 1, 1, 2, 2]);
    }

    #[test]
    fn seven_scores_round_to_a_whole_number() {
        // 10, 10, 9, 9, 8, 4, 6: promoters 4, passives 1, detractors 2.
        // (4 − 2) / 7 × 100 = 28.571… → 29.
        let nps = Nps::from_scores([10, 10, 9, 9, 8, 4, 6]);
        assert_eq!((nps.promoters, nps.passives, nps.detractors), (4, 1, 2));
        let score = nps.score().unwrap();
        assert!((score - 200.0 / 7.0).abs() < 1e-9, "{score}");
        assert_eq!(nps.rounded(), Some(29));
    }

    #[test]
    fn halves_round_away_from_zero_and_the_range_is_minus_to_plus_hundred() {
        // 9, 9, 9, 2, 7, 7, 7, 7: (3 − 1) / 8 = 25.0; 9, 5, 5, 7, 7, 7, 7, 7:
        // (1 − 2) / 8 = −12.5 → −13; 9 and 7 of 8: (1 − 0) / 8 = 12.5 → 13.
        assert_eq!(
            Nps::from_scores([9, 9, 9, 2, 7, 7, 7, 7]).rounded(),
            Some(25)
        );
        assert_eq!(
            Nps::from_scores([9, 5, 5, 7, 7, 7, 7, 7]).rounded(),
            Some(-13)
        );
        assert_eq!(
            Nps::from_scores([9, 7, 7, 7, 7, 7, 7, 7]).rounded(),
            Some(13)
        );
        assert_eq!(Nps::from_scores([10, 9]).rounded(), Some(100));
        assert_eq!(Nps::from_scores([0, 6, 3]).rounded(), Some(-100));
        assert_eq!(Nps::from_scores([7, 8]).rounded(), Some(0));
    }

    #[test]
    fn no_scores_no_nps_and_out_of_range_scores_are_not_counted() {
        assert_eq!(Nps::from_scores([]).score(), None);
        let mut nps = Nps::default();
        assert!(!nps.add(11));
        assert_eq!(nps.respondents(), 0);
        assert!(nps.add(10));
        assert_eq!(nps.rounded(), Some(100));
    }

    #[test]
    fn merged_counts_are_the_sums() {
        // Survey A: 10, 3 (1 promoter, 1 detractor); survey B: 9, 9, 8
        // (2 promoters, 1 passive). Together 3 P, 1 Pa, 1 D of 5: 40.
        let a = Nps::from_scores([10, 3]);
        let b = Nps::from_scores([9, 9, 8]);
        let both = a.merged(&b);
        assert_eq!((both.promoters, both.passives, both.detractors), (3, 1, 1));
        assert_eq!(both.rounded(), Some(40));
        assert_eq!(both.distribution[9], 2);
    }
}
