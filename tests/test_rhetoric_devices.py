"""Device detectors: hand-written positive and negative sentences, spans, detect_devices."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import (DEVICES, detect_devices, find_anaphora, find_enumerations, find_exclamations,
                               find_intensifiers, find_parallelism, find_rhetorical_questions, find_slogans,
                               find_statistics, find_superlatives, find_tricolons)

# device -> (positives: text -> expected match text, or detail where noted; negatives)
CASES = {
    "enumeration": (
        {
            "First, we oppose it. Second, we urge restraint. Third, we will respond.":
                "First ... Second ... Third",
            "Firstly, the report is false. Secondly, it is biased.": "Firstly ... Secondly",
            "I have three points. First of all, peace matters. Second, growth matters. Finally, trust.":
                "First of all ... Second ... Finally",
            "Our view is this: first, talks; second, restraint; third, patience.": "first ... second ... third",
            "(1) Stop the violence. (2) Restore order. (3) Punish the offenders.": "(1) ... (2) ... (3)",
            "First, thank you. And second, I have a question.": "First ... second",
        },
        [
            "First, I want to thank you for the question.",
            "He came first, and she came second in the race.",
            "The first meeting and the second meeting were both useful.",
            "Second, we disagree with this.",
            "First, we agree. Third, we disagree.",
            "This is the first time and it is the second visit.",
        ],
    ),
    "tricolon": (
        {
            "We stand for peace, development and cooperation.": "peace | development | cooperation",
            "The position is fair, objective and just.": "fair | objective | just",
            "We will deepen reform, expand opening up and improve governance.":
                "deepen reform | expand opening up | improve governance",
            "Party members braved hardships, shouldered burdens, and charged ahead.":
                "braved hardships | shouldered burdens | charged ahead",
            "It serves the Party, the state and the people.": "the Party | the state | the people",
            "Is it mutual respect, equality or mutual benefit?": "mutual respect | equality | mutual benefit",
        },
        [
            "We support peace and development.",
            "We discussed trade, energy, climate and health.",
            "Leaders of China, Russia and India met in Osaka.",
            "Yes, I think so.",
            "He arrived in Beijing, China, on Monday.",
            "The US, as you know, and its allies disagree.",
        ],
    ),
    "anaphora": (
        {
            "We will open up. We will reform. We will not waver.": "we will",
            "It is wrong. It is dangerous. And it is futile.": "it is",
            "China has done its part. China has kept its word. China has shown sincerity. Thank you.": "china has",
            "It was the US that started it. It was the US that escalated it. It was the US that left.": "it was",
            "We have noted the report. We have lodged representations. We have urged restraint. We have more.":
                "we have",
            "Do they know the facts? Do they know the law? Do they know the history?": "do they",
            "And we will not yield. But we will talk. So we will wait.": "we will",
        },
        [
            # a report's subject or a name, repeated: not a figure of speech
            "The two sides met. The two sides agreed. The two sides signed a deal.",
            "The Thai side set up a centre. The Thai side will help. The Thai side is determined.",
            "President Xi met him. President Xi said so. President Xi left today.",
            "On February 18, it began. On February 19, it went on. On February 20, it ended.",
            # paragraphs that open alike are a format
            "At the invitation of A, B will visit.\n\nAt the invitation of C, D will visit.\n\n"
            "At the invitation of E, F will visit.",
            "On your first question, no.\nOn your second question, yes.\nOn your third question, maybe.",
            "We will open up. They will reform. You will see.",
            "We will open up. We will reform.",
            "It is wrong. This is dangerous. That is futile.",
            "China has done its part. The US has not. China has kept its word.",
            "Yes. Yes. Yes.",
        ],
    ),
    "parallelism": (
        {
            "They are the vanguards; they are the first to step forward; and they are fearless.": "they are",
            "We will not yield, we will not retreat.": "we will",
            "This is not only a bilateral issue but also a global one.": "not only ... but also",
            "On the one hand we talk, on the other hand we act.": "on the one hand ... on the other",
            "It will neither help the people nor serve peace.": "neither ... nor",
            "The more they smear, the more isolated they become.": "the more ... the more",
        },
        [
            "They are the vanguards, and we are the followers.",
            "We will talk, but they will not listen.",
            "The Republic of Ghana, and the Republic of Namibia sent envoys.",
            "Not only that.",
            "It is what it is.",
            "We hope, we believe, that talks will resume.",
        ],
    ),
    "rhetorical_question": (
        {
            "Isn't this a double standard?": "Isn't this a double standard?",
            "Who benefits from this? Nobody does.": "Who benefits from this?",
            "Why? Because it violates international law.": "Why?",
            "What is the truth? The truth is that the US started it.": "What is the truth?",
            "It is common sense, isn't it?": "It is common sense, isn't it?",
            "How dare they lecture others?": "How dare they lecture others?",
        },
        [
            "What is your comment?",
            "Could you confirm the report? Thank you.",
            "When will the talks resume?",
            "Does China plan to respond? If so, how?",
            "How can such a large party be managed?",
            "I asked him why he left.",
        ],
    ),
    "slogan": (
        {
            'They practise "win-win cooperation" in Africa.': '"win-win cooperation"',
            'Members shout, "I am a Party member, follow me!"': '"I am a Party member, follow me!"',
            "We uphold \u201cone country, two systems\u201d firmly.": "\u201cone country, two systems\u201d",
            'The so-called "debt trap" is a lie.': '"debt trap"',
            'They call it "doing practical work for the people," we agree.':
                '"doing practical work for the people,"',
        },
        [
            'He said "no" loudly.',
            'She said: "We have made it very clear many times that we firmly oppose any such move by anyone."',
            "The Party's members are loyal.",
            "He said there are 5\" of snow and 3\" of rain.",
            "No quotes here at all.",
        ],
    ),
    "exclamation": (
        {
            'They shout, "I am a Party member, I will go first!"': "I am a Party member, I will go first!",
            "Stay strong, China!": "Stay strong, China!",
            "How brazen is that! We oppose it.": "How brazen is that!",
            "Thank you. Have a nice holiday!": "Have a nice holiday!",
            "Not true!": "Not true!",
        },
        [
            "We firmly oppose it.",
            "Is that true?",
            "The word \"wow\" is rare.",
            "Thank you.",
            "Hello, everyone.",
        ],
    ),
    "statistic": (
        {
            "Membership reached more than 96.71 million.": "more than 96.71 million",
            "Growth was 6.1% last year.": "6.1%",
            "We sent 255,000 teams.": "255,000",
            "Trade rose by 20 percent.": "20 percent",
            "Tens of thousands of people came.": "Tens of thousands",
            "It took nearly 50 years.": "nearly 50",
        },
        [
            "The meeting was held in 2019.",
            "He arrived on July 1 to attend.",
            "The 18th Congress was a milestone.",
            "Resolution 2397 was adopted.",
            "The COVID-19 outbreak and the G20 summit.",
            "The talks began at 10:30 in the morning.",
        ],
    ),
    "superlative": (
        {
            "The CPC is the largest party.": "largest",
            "This is the most important issue.": "most important",
            "We did our utmost.": "utmost",
            "It is the best choice.": "best",
            "The latest report is out.": "latest",
            "It was the worst crisis.": "worst",
        },
        [
            "Most countries agree with us.",
            "It is in our interest.",
            "He is an honest man.",
            "We request a test.",
            "At least 100 people came.",
            "The forest in the west.",
        ],
    ),
    "intensifier": (
        {
            "We firmly oppose it.": "firmly",
            "This is very important.": "very",
            "We resolutely safeguard sovereignty.": "resolutely",
            "It is extremely dangerous.": "extremely",
            "We are fully confident.": "fully",
        },
        [
            "We oppose it.",
            "This is important.",
            "The firm is based in Beijing.",
            "He is in full agreement.",
            "We safeguard sovereignty.",
        ],
    ),
}


def _match_texts(device: str, text: str) -> list[str]:
    found = DEVICES[device](text)
    return [text[s:e] for s, e, _ in found], [d for _, _, d in found]


@pytest.mark.parametrize("device", list(CASES))
def test_enough_cases(device):
    pos, neg = CASES[device]
    assert len(pos) >= 5 and len(neg) >= 5


POSITIVE = [(d, t, want) for d, (pos, _) in CASES.items() for t, want in pos.items()]
NEGATIVE = [(d, t) for d, (_, neg) in CASES.items() for t in neg]
DETAIL_DEVICES = {"enumeration", "tricolon", "anaphora", "parallelism"}


@pytest.mark.parametrize("device,text,want", POSITIVE, ids=[f"{d}+{i}" for i, (d, _, _) in enumerate(POSITIVE)])
def test_positive(device, text, want):
    matches, details = _match_texts(device, text)
    assert len(matches) == 1, (matches, details)
    if device in DETAIL_DEVICES:
        assert details[0] == want
    else:
        assert matches[0] == want
    s, e, _ = DEVICES[device](text)[0]
    assert text[s:e] == matches[0]


@pytest.mark.parametrize("device,text", NEGATIVE, ids=[f"{d}-{i}" for i, (d, _) in enumerate(NEGATIVE)])
def test_negative(device, text):
    assert DEVICES[device](text) == []


class TestFindEnumerations:
    def test_span_ends_with_last_item_sentence(self):
        t = "Intro. First, a. Second, b and more. Then other things."
        (s, e, d), = find_enumerations(t)
        assert t[s:e] == "First, a. Second, b and more."

    def test_restart_makes_two_enumerations(self):
        t = "First, a. Second, b. Third, c.\n\nFirst, x. Second, y."
        assert [d for _, _, d in find_enumerations(t)] == ["First ... Second ... Third", "First ... Second"]

    def test_min_items(self):
        t = "First, a. Second, b. Third, c. First, x. Second, y."
        assert [d for _, _, d in find_enumerations(t, min_items=3)] == ["First ... Second ... Third"]

    def test_min_items_validated(self):
        with pytest.raises(ValueError, match=r"find_enumerations\(\): min_items must be in \[2, inf\]"):
            find_enumerations("x", min_items=1)


class TestFindAnaphora:
    def test_min_run_two(self):
        assert len(find_anaphora("We will open up. We will reform.", min_run=2)) == 1

    def test_n_words_one(self):
        t = "China acts. China speaks. China waits."
        assert [d for _, _, d in find_anaphora(t, n_words=1)] == ["china"]

    def test_bad_min_run(self):
        with pytest.raises(ValueError, match="min_run"):
            find_anaphora("x", min_run=1)

    def test_paragraph_ends_a_run(self):
        t = "We will go. We will see.\n\nWe will win. We will try. We will stay."
        assert [t[s:e] for s, e, _ in find_anaphora(t)] == ["We will win. We will try. We will stay."]
        assert [t[s:e] for s, e, _ in find_anaphora(t, within_paragraph=False)] == [t]

    def test_within_paragraph_validated(self):
        with pytest.raises(ValueError, match=r"find_anaphora\(\): within_paragraph must be one of"):
            find_anaphora("x", within_paragraph="yes")

    def test_name_as_first_word_counts_but_not_after(self):
        t = "China has acted. China has spoken. China has waited."
        assert [d for *_, d in find_anaphora(t)] == ["china has"]
        t = "Hong Kong is calm. Hong Kong is safe. Hong Kong is open."
        assert find_anaphora(t) == []
        assert [d for *_, d in find_anaphora(t, n_words=1)] == ["hong"]

    def test_article_opening_breaks_a_run(self):
        t = "We will act. We will talk. The plan is set. We will wait. We will see. We will win."
        assert [t[s:e] for s, e, _ in find_anaphora(t)] == ["We will wait. We will see. We will win."]


class TestFindRhetoricalQuestions:
    @pytest.mark.parametrize("text,answering,n", [
        ("Is this the behaviour of a responsible country?", True, 1),
        ("Is this the behaviour of a responsible country?", False, 0),
        ("Do you mean the conference in Riyadh?", True, 0),
    ])
    def test_answering(self, text, answering, n):
        assert len(find_rhetorical_questions(text, answering=answering)) == n

    def test_reason_in_detail(self):
        t = "Who started it? Nobody knows. Is this fair?"
        assert [d for _, _, d in find_rhetorical_questions(t, answering=True)] == ["self-answered", "in answer"]
        assert [d for _, _, d in find_rhetorical_questions("Who benefits? We all do.")] == ["form"]


class TestFindSlogans:
    def test_word_limits(self):
        t = 'He said "no" and "yes please".'
        assert [d for _, _, d in find_slogans(t, min_words=1)] == ["no", "yes please"]
        assert find_slogans(t, max_words=1, min_words=1) == [(8, 12, "no")]

    def test_bad_limits(self):
        with pytest.raises(ValueError, match="max_words"):
            find_slogans("x", min_words=3, max_words=2)


class TestFindStatistics:
    @pytest.mark.parametrize("text,kind", [("3.5%", "percent"), ("4.94 million", "scaled"), ("29 comrades", "count")])
    def test_kind(self, text, kind):
        assert [d for _, _, d in find_statistics(text)] == [kind]

    def test_several(self):
        t = "In 2020, more than 29.77 million members and 400 workers, up 5 per cent, joined."
        assert [t[s:e] for s, e, _ in find_statistics(t)] == ["more than 29.77 million", "400", "5 per cent"]


class TestFindSuperlatives:
    def test_several(self):
        t = "the biggest, the most reliable and the strongest, in the latest round"
        assert [d for _, _, d in find_superlatives(t)] == ["biggest", "most reliable", "strongest", "latest"]


class TestFindIntensifiersAndExclamations:
    def test_intensifier_case(self):
        assert [d for _, _, d in find_intensifiers("Very good. VERY good.")] == ["very", "very"]

    def test_two_exclamations_in_a_quote(self):
        t = '"I am a Party member, I will go first! I am a Party member, follow me!" they said.'
        assert [d for _, _, d in find_exclamations(t)] == ["I am a Party member, I will go first!",
                                                            "I am a Party member, follow me!"]


class TestFindTricolons:
    def test_max_words(self):
        t = "We need peace, sustainable economic development and cooperation."
        assert find_tricolons(t, max_words=2) == []
        assert [d for _, _, d in find_tricolons(t)] == ["peace | sustainable economic development | cooperation"]


class TestFindParallelism:
    def test_sorted_spans(self):
        t = "We will not only talk but also act, we will not wait."
        found = find_parallelism(t)
        assert [d for _, _, d in found] == ["we will", "not only ... but also"]
        assert found == sorted(found)


def _turns(texts, roles=None):
    return pd.DataFrame({"transcript_id": "t", "turn_index": range(len(texts)), "speaker": "S",
                         "role": roles or ["official"] * len(texts), "text": texts})


class TestDetectDevices:
    COLUMNS = ["transcript_id", "turn_index", "speaker", "role", "device", "start", "end", "match", "detail"]

    def test_columns_and_spans(self):
        t = _turns(["First, we fight. Second, we win! It is the largest and best.", "Thank you."])
        out = detect_devices(t)
        assert list(out.columns) == self.COLUMNS
        for _, r in out.iterrows():
            assert t.loc[r.turn_index, "text"][r.start:r.end] == r.match
        assert out["device"].tolist() == ["enumeration", "exclamation", "superlative", "superlative"]

    def test_sorted_by_turn_then_start(self):
        out = detect_devices(_turns(["Stay strong! Very good.", "Very good. Stay strong!"]))
        assert out[["turn_index", "start"]].values.tolist() == sorted(out[["turn_index", "start"]].values.tolist())

    def test_subset(self):
        out = detect_devices(_turns(["First, we fight. Second, we win!"]), devices=["exclamation"])
        assert out["device"].tolist() == ["exclamation"]

    def test_answer_roles(self):
        t = _turns(["Is this fair?", "Is this fair?"], roles=["official", "questioner"])
        out = detect_devices(t, devices=["rhetorical_question"])
        assert out["role"].tolist() == ["official"]
        assert detect_devices(t, devices=["rhetorical_question"], answer_roles=()).empty

    def test_empty_input_has_columns(self):
        out = detect_devices(_turns([]))
        assert out.empty and list(out.columns) == self.COLUMNS

    def test_unknown_device(self):
        with pytest.raises(ValueError, match=r"detect_devices\(\): devices must be one of .*got 'metaphor'"):
            detect_devices(_turns(["x"]), devices=["metaphor"])

    def test_missing_text_column(self):
        with pytest.raises(ValueError, match="no column"):
            detect_devices(pd.DataFrame({"speaker": ["a"]}))

    def test_does_not_mutate_input(self):
        t = _turns(["First, a. Second, b."])
        before = t.copy()
        detect_devices(t)
        pd.testing.assert_frame_equal(t, before)


def test_first_seed_answer_enumerates():
    turns = load_corpus("data/transcripts/seeds").turns()
    first = sorted(turns["transcript_id"].unique())[0]
    answer = turns[(turns["transcript_id"] == first) & (turns["speaker"] == "Qi Jiabin")]
    assert len(answer) == 1
    found = detect_devices(answer, devices=["enumeration"])
    assert "First ... Second ... Third ... Fourth" in found["detail"].tolist()
    row = found[found["detail"] == "First ... Second ... Third ... Fourth"].iloc[0]
    assert row["match"].startswith("First, we have better armed Party members")
    assert "Fourth, we have developed strict systems" in row["match"]


def test_devices_on_every_core_equal_one_process(monkeypatch):
    """A large corpus runs the detectors on blocks of turns in worker processes: same rows."""
    import analysis.rhetoric._common as common
    import analysis.tokens as tokens

    from pathlib import Path

    turns = load_corpus(Path(__file__).parent / "data" / "mini", progress=False).turns()
    turns = pd.concat([turns] * 3, ignore_index=True)
    monkeypatch.setattr(common, "_CACHE", common.Memo(size=4))
    serial = detect_devices(turns)
    monkeypatch.setattr(common, "_CACHE", common.Memo(size=4))
    monkeypatch.setattr(tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr("analysis.scale._engine.n_workers", lambda n_jobs: 2)
    parallel = detect_devices(turns)
    assert len(serial) > 20
    pd.testing.assert_frame_equal(parallel, serial)
