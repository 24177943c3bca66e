"""Issue 12, inputs and languages: every reproduction gives a coded error (2/3/4) with a fix, or a
correct result; none gives exit 70. Each test names the defect it guards."""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

from auditor import api, cli
from auditor.embed.fake import FakeEmbedder
from auditor.errors import BadInputError, TooManyRecordsError, UsageError
from auditor.types import Thresholds

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
S000 = next(SAMPLES.glob("000_*.txt"))
S001 = next(SAMPLES.glob("001_*.txt"))
FAKE_THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)
EXIT_INTERNAL = 70


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    fake = FakeEmbedder(dim=128)
    monkeypatch.setattr(api.Auditor, "embedder_for", lambda self, s, t: (fake, FAKE_THR))
    return fake


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(code, err, want, *needles):
    assert code == want, err
    assert "Traceback" not in err and "internal error" not in err
    assert "fix:" in err, err
    for n in needles:
        assert n.lower() in err.lower(), (n, err)


# =========================================================================== 1. every language


ENGLISH = (
    'The city government announced a new budget of 15 million on Tuesday. "We will build 2024 homes," '
    "said Mayor Maria Novak.\nThe plan takes effect next year.\n"
)
SAMPLES_BY_LANG = {
    "zh": "北京市政府周二宣布了1500万的新预算。市长玛丽亚·诺瓦克说：“我们将建造2024套住房。”\n该计划将于明年生效。\n",
    "ja": "東京都は火曜日に1500万の新しい予算を発表した。「2024戸の住宅を建設する」とマリア・ノヴァク市長は述べた。\nこの計画は来年施行される。\n",
    "ko": "서울시는 화요일에 1500만의 새 예산을 발표했다. \"우리는 2024채의 주택을 짓겠다\"고 마리아 노바크 시장이 말했다.\n이 계획은 내년에 시행된다.\n",
    "ru": "Городские власти во вторник объявили о новом бюджете в 15 миллионов. «Мы построим 2024 дома», — сказала мэр Мария Новак.\nПлан вступит в силу в следующем году.\n",
    "uk": "Міська влада у вівторок оголосила новий бюджет у 15 мільйонів. «Ми збудуємо 2024 будинки», — сказала мер Марія Новак.\nПлан набуде чинності наступного року.\n",
    "ar": "أعلنت حكومة المدينة يوم الثلاثاء عن ميزانية جديدة قدرها 15 مليونا. وقالت العمدة ماريا نوفاك: «سنبني 2024 منزلا».\nتدخل الخطة حيز التنفيذ العام المقبل.\n",
    "fa": "دولت شهر روز سه‌شنبه بودجه جدیدی به مبلغ ۱۵ میلیون اعلام کرد. شهردار ماریا نواک گفت: «ما ۲۰۲۴ خانه می‌سازیم».\nاین طرح سال آینده اجرا می‌شود.\n",
    "hi": "नगर सरकार ने मंगलवार को 15 मिलियन के नए बजट की घोषणा की। महापौर मारिया नोवाक ने कहा, \"हम 2024 घर बनाएंगे।\"\nयह योजना अगले वर्ष लागू होगी।\n",
    "bn": "নগর সরকার মঙ্গলবার ১৫ মিলিয়নের নতুন বাজেট ঘোষণা করেছে। মেয়র মারিয়া নোভাক বলেন, \"আমরা ২০২৪টি বাড়ি তৈরি করব।\"\nপরিকল্পনাটি আগামী বছর কার্যকর হবে।\n",
    "he": "ממשלת העיר הודיעה ביום שלישי על תקציב חדש של 15 מיליון. \"נבנה 2024 בתים\", אמרה ראש העיר מריה נובאק.\nהתוכנית תיכנס לתוקף בשנה הבאה.\n",
    "el": "Η δημοτική αρχή ανακοίνωσε την Τρίτη νέο προϋπολογισμό 15 εκατομμυρίων. «Θα χτίσουμε 2024 σπίτια», δήλωσε η δήμαρχος Μαρία Νόβακ.\nΤο σχέδιο τίθεται σε ισχύ του χρόνου.\n",
    "th": "รัฐบาลเมืองประกาศงบประมาณใหม่ 15 ล้านเมื่อวันอังคาร นายกเทศมนตรีมาเรีย โนวัค กล่าวว่า \"เราจะสร้างบ้าน 2024 หลัง\"\nแผนนี้จะมีผลในปีหน้า\n",
    "ka": "ქალაქის მთავრობამ სამშაბათს 15 მილიონიანი ახალი ბიუჯეტი გამოაცხადა. \"ჩვენ ავაშენებთ 2024 სახლს\", თქვა მერმა მარია ნოვაკმა.\nგეგმა ძალაში მომავალ წელს შევა.\n",
    "hy": "Քաղաքապետարանը երեքշաբթի հայտարարեց 15 միլիոնի նոր բյուջեի մասին։ «Մենք կկառուցենք 2024 տուն», ասաց քաղաքապետ Մարիա Նովակը։\nԾրագիրը ուժի մեջ կմտնի հաջորդ տարի։\n",
    "am": "የከተማው መንግሥት ማክሰኞ 15 ሚሊዮን አዲስ በጀት አስታወቀ። \"2024 ቤቶችን እንገነባለን\" ሲሉ ከንቲባ ማሪያ ኖቫክ ተናግረዋል።\nዕቅዱ በሚቀጥለው ዓመት ተግባራዊ ይሆናል።\n",
    "ta": "நகர அரசு செவ்வாய்க்கிழமை 15 மில்லியன் புதிய வரவுசெலவுத் திட்டத்தை அறிவித்தது. \"நாங்கள் 2024 வீடுகளைக் கட்டுவோம்\" என்று மேயர் மரியா நோவாக் கூறினார்.\nஇத்திட்டம் அடுத்த ஆண்டு நடைமுறைக்கு வரும்.\n",
    "te": "నగర ప్రభుత్వం మంగళవారం 15 మిలియన్ల కొత్త బడ్జెట్‌ను ప్రకటించింది. \"మేము 2024 ఇళ్లు నిర్మిస్తాం\" అని మేయర్ మరియా నోవాక్ అన్నారు.\nఈ ప్రణాళిక వచ్చే ఏడాది అమలులోకి వస్తుంది.\n",
    "kn": "ನಗರ ಸರ್ಕಾರ ಮಂಗಳವಾರ 15 ಮಿಲಿಯನ್ ಹೊಸ ಬಜೆಟ್ ಘೋಷಿಸಿತು. \"ನಾವು 2024 ಮನೆಗಳನ್ನು ನಿರ್ಮಿಸುತ್ತೇವೆ\" ಎಂದು ಮೇಯರ್ ಮರಿಯಾ ನೋವಾಕ್ ಹೇಳಿದರು.\nಯೋಜನೆ ಮುಂದಿನ ವರ್ಷ ಜಾರಿಗೆ ಬರಲಿದೆ.\n",
    "ml": "നഗര സർക്കാർ ചൊവ്വാഴ്ച 15 ദശലക്ഷത്തിന്റെ പുതിയ ബജറ്റ് പ്രഖ്യാപിച്ചു. \"ഞങ്ങൾ 2024 വീടുകൾ നിർമ്മിക്കും\" എന്ന് മേയർ മരിയ നോവാക് പറഞ്ഞു.\nപദ്ധതി അടുത്ത വർഷം പ്രാബല്യത്തിൽ വരും.\n",
    "gu": "શહેર સરકારે મંગળવારે 15 મિલિયનનું નવું બજેટ જાહેર કર્યું. \"અમે 2024 ઘર બનાવીશું\", એમ મેયર મારિયા નોવાકે કહ્યું.\nયોજના આવતા વર્ષે અમલમાં આવશે.\n",
    "pa": "ਸ਼ਹਿਰ ਸਰਕਾਰ ਨੇ ਮੰਗਲਵਾਰ ਨੂੰ 15 ਮਿਲੀਅਨ ਦੇ ਨਵੇਂ ਬਜਟ ਦਾ ਐਲਾਨ ਕੀਤਾ। \"ਅਸੀਂ 2024 ਘਰ ਬਣਾਵਾਂਗੇ,\" ਮੇਅਰ ਮਾਰੀਆ ਨੋਵਾਕ ਨੇ ਕਿਹਾ।\nਯੋਜਨਾ ਅਗਲੇ ਸਾਲ ਲਾਗੂ ਹੋਵੇਗੀ।\n",
    "or": "ସହର ସରକାର ମଙ୍ଗଳବାର 15 ନିୟୁତର ନୂଆ ବଜେଟ ଘୋଷଣା କଲେ। \"ଆମେ 2024 ଘର ତିଆରି କରିବୁ\" ବୋଲି ମେୟର ମାରିଆ ନୋଭାକ କହିଲେ।\nଯୋଜନା ଆସନ୍ତା ବର୍ଷ ଲାଗୁ ହେବ।\n",
    "si": "නගර රජය අඟහරුවාදා මිලියන 15 ක නව අයවැයක් නිවේදනය කළේය. \"අපි නිවාස 2024 ක් ඉදි කරන්නෙමු\" යැයි නගරාධිපති මරියා නොවැක් පැවසීය.\nසැලැස්ම ලබන වසරේ ක්‍රියාත්මක වේ.\n",
    "lo": "ລັດຖະບານນະຄອນໄດ້ປະກາດງົບປະມານໃໝ່ 15 ລ້ານໃນວັນອັງຄານ. \"ພວກເຮົາຈະສ້າງເຮືອນ 2024 ຫຼັງ\" ເຈົ້າຄອງນະຄອນ ມາເຣຍ ໂນວັກ ກ່າວ.\nແຜນການຈະມີຜົນໃນປີໜ້າ.\n",
    "km": "រដ្ឋាភិបាលក្រុងបានប្រកាសថវិកាថ្មី 15 លាននៅថ្ងៃអង្គារ។ អភិបាលក្រុង ម៉ារីយ៉ា ណូវ៉ាក់ បាននិយាយថា \"យើងនឹងសាងសង់ផ្ទះ 2024 ខ្នង\"។\nផែនការនេះនឹងចូលជាធរមាននៅឆ្នាំក្រោយ។\n",
    "my": "မြို့တော်အစိုးရက အင်္ဂါနေ့တွင် ဘတ်ဂျက်အသစ် 15 သန်းကို ကြေညာခဲ့သည်။ \"ကျွန်ုပ်တို့ အိမ် 2024 လုံး ဆောက်မည်\" ဟု မြို့တော်ဝန် မာရီယာ နိုဗက် ပြောသည်။\nအစီအစဉ်သည် လာမည့်နှစ်တွင် အကျိုးသက်ရောက်မည်။\n",
    "de": "Die Stadtregierung kündigte am Dienstag einen neuen Haushalt von 15 Millionen an. „Wir bauen 2024 Wohnungen“, sagte Bürgermeisterin Maria Novak.\nDer Plan tritt nächstes Jahr in Kraft.\n",
    "fr": "La municipalité a annoncé mardi un nouveau budget de 15 millions. « Nous construirons 2024 logements », a déclaré la maire Maria Novak.\nLe plan entrera en vigueur l'an prochain.\n",
    "es": "El gobierno municipal anunció el martes un nuevo presupuesto de 15 millones. «Construiremos 2024 viviendas», dijo la alcaldesa Maria Novak.\nEl plan entrará en vigor el próximo año.\n",
    "it": "Il governo cittadino ha annunciato martedì un nuovo bilancio di 15 milioni. «Costruiremo 2024 case», ha detto la sindaca Maria Novak.\nIl piano entrerà in vigore l'anno prossimo.\n",
    "pt": "O governo municipal anunciou na terça-feira um novo orçamento de 15 milhões. «Vamos construir 2024 casas», disse a prefeita Maria Novak.\nO plano entra em vigor no próximo ano.\n",
    "pl": "Władze miasta ogłosiły we wtorek nowy budżet w wysokości 15 milionów. „Zbudujemy 2024 domy” – powiedziała burmistrz Maria Novak.\nPlan wejdzie w życie w przyszłym roku.\n",
    "tr": "Belediye salı günü 15 milyonluk yeni bütçeyi açıkladı. Belediye Başkanı Maria Novak, \"2024 konut inşa edeceğiz\" dedi.\nPlan gelecek yıl yürürlüğe girecek.\n",
    "vi": "Chính quyền thành phố hôm thứ Ba công bố ngân sách mới 15 triệu. \"Chúng tôi sẽ xây 2024 ngôi nhà\", thị trưởng Maria Novak nói.\nKế hoạch có hiệu lực vào năm tới.\n",
    "nl": "Het stadsbestuur kondigde dinsdag een nieuwe begroting van 15 miljoen aan. \"We bouwen 2024 woningen\", zei burgemeester Maria Novak.\nHet plan gaat volgend jaar in.\n",
}
_SAME_SCRIPT = {  # languages without their own sample: a text in their script
    "be": "ru", "bg": "ru", "mk": "ru", "sr": "ru", "kk": "ru", "ky": "ru", "mn": "ru",
    "ur": "fa", "ps": "fa", "sd": "ar", "ug": "ar", "yi": "he",
    "mr": "hi", "ne": "hi", "sa": "hi", "as": "bn",
}  # fmt: skip
LATIN = (
    "Maria Novak, 2024: 15 milion budget nova. Reuters Novak plano 2024 kasa.\n"
    "Plano nova 15 anno proxima. \"Novak 2024\" Maria.\n"
)


def registry_languages() -> list[str]:
    from auditor.embed.registry import load_registry

    langs = set().union(*(set(spec.languages) for spec in load_registry().values()))
    return sorted(langs | {"zh", "ja", "ko"})


def sample(lang: str) -> str:
    return SAMPLES_BY_LANG.get(lang) or SAMPLES_BY_LANG.get(_SAME_SCRIPT.get(lang, ""), LATIN)


# The default (fast) tier runs the sweep below on one language per script and per code path
# (own sample, a borrowed same-script sample, the Latin fallback); `make test` runs every language.
FAST_LANGUAGES = frozenset({"en", "de", "es", "ru", "ar", "fa", "hi", "mr", "he", "th", "zh", "ja", "el", "ta", "la"})


def sweep(langs: list[str]) -> list:
    return [pytest.param(lang, marks=() if lang in FAST_LANGUAGES else pytest.mark.slow) for lang in langs]


def test_registry_languages_are_many():
    langs = registry_languages()
    assert len(langs) >= 90 and {"zh", "ja", "ko", "th", "ar"} <= set(langs)
    assert FAST_LANGUAGES <= set(langs)  # the fast tier's subset still exists


@pytest.mark.parametrize("lang", ["zh", "ja", "ko"])
def test_issue12_cjk_target_lint_and_source_do_not_crash_without_segmenter(capsys, tmp_path, lang):
    """Issue 12: a zh/ja/ko target crashed audit, score and lint with ModuleNotFoundError (jieba/MeCab)."""
    doc = tmp_path / f"doc.{lang}.txt"
    doc.write_text(sample(lang), encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text(ENGLISH, encoding="utf-8")
    for argv in (
        ["audit", doc],  # lint, language detected
        ["audit", doc, "--target-lang", lang],
        ["audit", en, doc],  # language detected
        ["audit", en, doc, "--source-lang", "en", "--target-lang", lang],
        ["audit", doc, en, "--source-lang", lang, "--target-lang", "en"],
        ["score", "--source", en, "--target", doc],
        ["score", "--source", doc, "--target", en, "--source-lang", lang, "--target-lang", "en"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)


def test_issue12_cjk_check_lint_does_not_crash(capsys, monkeypatch, tmp_path):
    """Issue 12: `auditor check` lint of CJK documents crashed."""
    for lang in ("zh", "ja", "ko"):
        (tmp_path / f"brief.{lang}.txt").write_text(sample(lang), encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('lint = "*.txt"\nfail_on = ["critical"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check"])
    _, err = capsys.readouterr()
    assert code in (0, 1), err


@pytest.mark.parametrize("lang", sweep(registry_languages()))
def test_issue12_every_registry_language_runs_audit_score_and_lint(capsys, tmp_path, lang):
    """Issue 12: every language the model registry lists runs every command (no exit 70)."""
    doc = tmp_path / "doc.txt"
    doc.write_text(sample(lang), encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text(ENGLISH, encoding="utf-8")
    runs = [
        ["audit", doc, "--target-lang", lang],
        ["audit", en, doc, "--source-lang", "en", "--target-lang", lang],
        ["score", "--source", en, "--target", doc, "--source-lang", "en", "--target-lang", lang],
    ]
    if lang != "en":
        runs.append(["audit", doc, en, "--source-lang", lang, "--target-lang", "en"])
    for argv in runs:
        code, _, err = run(capsys, *argv)
        assert code != EXIT_INTERNAL and "internal error" not in err, (argv, err)
        assert code == 0, (argv, err)


def test_issue12_wordfreq_language_without_segmenter_is_declined_once(monkeypatch):
    """Issue 12: a wordfreq lookup that imports a missing segmenter declines the language (no crash)."""
    import wordfreq

    from auditor.detect import spinner

    real = wordfreq.zipf_frequency

    def needs_jieba(word, lang, *a, **k):
        if lang == "zh":
            raise ModuleNotFoundError("No module named 'jieba'", name="jieba")
        return real(word, lang, *a, **k)

    spinner._segmenter_ready.cache_clear()
    spinner._zipf.cache_clear()
    monkeypatch.setattr(wordfreq, "zipf_frequency", needs_jieba)
    try:
        assert spinner.zipf("北京", "zh") is None and spinner.zipf("the", "zh") is None
        assert "jieba" in spinner.declined_languages()["zh"]
        assert spinner.zipf("the", "en") > 5
        assert spinner.is_non_word("qwzxvbnm", "zh") is False
    finally:
        spinner._segmenter_ready.cache_clear()
        spinner._zipf.cache_clear()
        spinner._DECLINED.clear()


# =========================================================================== 2. coded errors


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex", "bz2", "undefined"])
def test_issue12_non_text_codec_is_a_usage_error(capsys, codec):
    """Issue 12: --encoding rot13/base64/zlib crashed (LookupError: not a text encoding)."""
    code, _, err = run(capsys, "audit", S001, "--encoding", codec)
    refused(code, err, 2, "not a text encoding", "utf-8")


def test_text_codecs_still_work(capsys):
    code, _, err = run(capsys, "audit", S001, "--encoding", "latin-1")
    assert code == 0, err
    code, _, err = run(capsys, "audit", S001, "--encoding", "no-such-codec")
    refused(code, err, 2, "unknown encoding")


@pytest.mark.parametrize("size", ["infk", "inf", "nan", "nank", "-5", "-1k", "0", "1e999k", "abc", "10x"])
def test_issue12_bad_max_bytes_is_a_usage_error(capsys, size):
    """Issue 12: --max-bytes infk crashed (OverflowError)."""
    code, _, err = run(capsys, "audit", S001, f"--max-bytes={size}")
    refused(code, err, 2, "not a size", "--max-bytes")


def test_max_bytes_sizes_parse():
    from auditor.config import parse_size

    assert [parse_size(t) for t in ("500000", "800k", "10M", "2G", "1.5m", "10MB")] == [
        500_000, 800_000, 10_000_000, 2_000_000_000, 1_500_000, 10_000_000]  # fmt: skip


def test_issue12_deeply_nested_jsonl_is_bad_input(capsys, tmp_path):
    """Issue 12: a JSONL line with 100k nested brackets crashed (RecursionError)."""
    f = tmp_path / "deep.jsonl"
    f.write_text('{"id": "a", "text": "x", "n": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    code, _, err = run(capsys, "audit", f)
    refused(code, err, 4, "line 1", "nested")
    g = tmp_path / "deep2.jsonl"  # nesting the quick count cannot see as deep (inside a string) still parses
    g.write_text(json.dumps({"id": "a", "text": "[" * 5000 + " The council met on Tuesday."}) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "audit", g)
    assert code == 0, err


def test_issue12_huge_integer_id_is_read_as_a_string(capsys, tmp_path):
    """Issue 12: a 5,000-digit integer id crashed (int conversion limit)."""
    f = tmp_path / "bigid.jsonl"
    f.write_text('{"id": ' + "7" * 5000 + ', "text": "The council met on Tuesday to approve the budget."}\n', encoding="utf-8")
    code, out, err = run(capsys, "audit", f, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["target"]["id"] == "7" * 5000
    g = tmp_path / "bigtext.jsonl"
    g.write_text('{"id": "a", "text": ' + "7" * 5000 + "}\n", encoding="utf-8")
    code, _, err = run(capsys, "audit", g)
    refused(code, err, 4, 'a "text" that is int')


def test_issue12_house_style_severity_list_is_a_config_error(tmp_path):
    """Issue 12: house_style_severity = ["minor"] crashed (unhashable list)."""
    from auditor.gate import load_gate_config

    (tmp_path / "auditor.toml").write_text('lint = "*.txt"\nhouse_style_severity = ["minor"]\n', encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        load_gate_config(tmp_path / "auditor.toml")
    msg = str(exc.value)
    assert "house_style_severity" in msg and "must be a string" in msg and "an array" in msg and "fix:" in msg


def test_issue12_house_style_severity_list_via_check_exits_2(capsys, monkeypatch, tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('lint = "*.txt"\nhouse_style_severity = ["minor"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check"])
    _, err = capsys.readouterr()
    refused(code, err, 2, "house_style_severity", "string")


# =========================================================================== 3. count-based refusals


def test_issue12_too_many_csv_rows_refused_before_parsing(tmp_path, monkeypatch):
    """Issue 12: a 1M-row CSV was refused as "more than 100,000 documents" only after 37 s and 1.8 GB."""
    from auditor.io import corpus, records

    f = tmp_path / "big.csv"
    f.write_text("id,text\n" + "".join(f"{i},x\n" for i in range(1_000_000)), encoding="utf-8")

    def never(*a, **k):
        raise AssertionError("records were parsed before the count refused the file")

    monkeypatch.setattr(records, "_csv_records", never)
    t0 = time.perf_counter()
    with pytest.raises(TooManyRecordsError, match="more than 100,000 documents"):
        corpus.read_corpus(f, max_bytes=20_000_000)
    assert time.perf_counter() - t0 < 10


def test_issue12_too_many_jsonl_lines_refused_before_parsing(tmp_path, monkeypatch):
    from auditor.io import corpus, read

    f = tmp_path / "big.jsonl"
    f.write_text('{"text": "x"}\n' * 200_000, encoding="utf-8")

    def never(*a, **k):
        raise AssertionError("records were parsed before the count refused the file")

    monkeypatch.setattr(read, "jsonl_records", never)
    with pytest.raises(TooManyRecordsError, match="more than 100,000 documents") as exc:
        corpus.read_corpus(f, max_bytes=20_000_000)
    assert exc.value.exit_code == 4 and exc.value.fix


def test_record_limit_counts_exactly(tmp_path):
    from auditor.io.read import read_documents

    f = tmp_path / "three.jsonl"
    f.write_text('{"text": "The council met."}\n\n{"text": "It voted."}\n{"text": "It adjourned."}\n', encoding="utf-8")
    assert len(read_documents(f, max_records=3, lang="en")) == 3
    with pytest.raises(TooManyRecordsError):
        read_documents(f, max_records=2, lang="en")
    c = tmp_path / "three.csv"
    c.write_text('id,text\na,"The council\nmet."\nb,It voted.\nc,It adjourned.\n', encoding="utf-8")
    assert len(read_documents(c, max_records=3, lang="en")) == 3
    with pytest.raises(TooManyRecordsError):
        read_documents(c, max_records=2, lang="en")


def test_corpus_folder_count_stops_at_the_limit(tmp_path, monkeypatch):
    from auditor.io import corpus

    monkeypatch.setattr(corpus, "MAX_DOCUMENTS", 3)
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Document number {i} is about the council.\n", encoding="utf-8")
    with pytest.raises(TooManyRecordsError, match="more than 3 documents"):
        corpus.read_corpus(tmp_path, lang="en")


def test_issue12_large_binary_file_refused_after_the_first_block(tmp_path):
    """Issue 12: --max-bytes 2G on a 1 GB file read all of it before refusing it as binary."""
    from auditor.io.read import _read_limited

    class Counting(io.BytesIO):
        total = 0

        def read(self, n=-1):
            data = super().read(n)
            Counting.total += len(data)
            return data

    handle = Counting(b"\x00" * 5_000_000)
    with pytest.raises(BadInputError, match="binary"):
        _read_limited(handle, Path("x.bin"), 2_000_000_000, True)
    assert Counting.total <= 8192

    sparse = tmp_path / "zeros.txt"
    with open(sparse, "wb") as fh:
        fh.truncate(1_000_000_000)  # a sparse 1 GB file: costs no disk
    t0 = time.perf_counter()
    from auditor.io.read import read_document

    with pytest.raises(BadInputError, match="binary"):
        read_document(sparse, max_bytes=2_000_000_000)
    assert time.perf_counter() - t0 < 2


def test_reading_stops_at_the_byte_limit():
    from auditor.io.read import _read_limited

    handle = io.BytesIO(b"a" * 3_000_000)
    data = _read_limited(handle, Path("x.txt"), 1_000_000, True)
    assert len(data) == 1_000_001  # one byte past the limit tells "too big"


# =========================================================================== 4. CSV


@pytest.mark.parametrize(
    "body,line",
    [
        ('id,text\n1,"He said ""hi"" and left\n2,"The council met."\n3,"Budget approved."\n', 2),
        ('id,text\n1,The council met.\n2,"He said hi and left\n3,Budget approved.\n4,More.\n', 3),
    ],
)
def test_issue12_unclosed_csv_quote_is_its_own_coded_error(capsys, tmp_path, body, line):
    """Issue 12: an unclosed CSV quote silently swallowed the following rows."""
    f = tmp_path / "bad.csv"
    f.write_text(body, encoding="utf-8")
    from auditor.io.read import read_documents

    with pytest.raises(BadInputError) as exc:
        read_documents(f, lang="en")
    assert exc.value.code == "A442" and f"line {line}" in exc.value.message and "never closed" in exc.value.message
    assert f"close the quote on line {line}" in exc.value.fix
    code, _, err = run(capsys, "corpus", f)
    refused(code, err, 4, "A442", f"line {line}")


def test_well_formed_multiline_csv_still_reads(tmp_path):
    from auditor.io.read import read_documents

    f = tmp_path / "ok.csv"
    f.write_text('id,text\na,"The council ""met"".\nIt voted."\nb,Plain row.\n', encoding="utf-8")
    docs = read_documents(f, lang="en")
    assert [d.id for d in docs] == ["a", "b"] and docs[0].text == 'The council "met".\nIt voted.'


def test_issue12_csv_field_over_131072_characters_is_read(capsys, tmp_path):
    """Issue 12: CSV fields over 131,072 characters were refused with a misleading fix."""
    import csv

    before = csv.field_size_limit()
    f = tmp_path / "long.csv"
    text = "The council met on Tuesday. " * 6000  # 168,000 characters
    f.write_text(f'id,text\na,"{text}"\n', encoding="utf-8")
    code, out, err = run(capsys, "audit", f, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["target"]["id"] == "a"
    assert csv.field_size_limit() == before  # the process-wide limit is restored


# =========================================================================== 5. HTML offsets


def test_issue12_html_line_col_exact_after_entity_inside_word(tmp_path):
    """Issue 12: HTML line:col was off by one after an entity inside a word (AT&amp;T2)."""
    from auditor.io.read import read_document

    f = tmp_path / "p.html"
    f.write_text(
        "<html><body>\n<p>Shares of AT&amp;T2 fell. R&amp;D&#8217;s caf&eacute;2 rose 5&nbsp;%.</p>\n</body></html>\n",
        encoding="utf-8",
    )
    doc = read_document(f, lang="en")
    assert "AT&T2" in doc.text
    for i, ch in enumerate(doc.text):
        o = doc.locator.to_original(i)
        if ch.isascii() and ch.isalnum():
            assert doc.original[o] == ch, (i, ch, doc.original[o : o + 6])
    i = doc.text.index("AT&T2") + 4  # the "2"
    line, col = doc.line_col(i)
    raw_line = doc.original.split("\n")[line - 1]
    assert raw_line[col - 7 : col] == "&amp;T2"  # the column of the "2" itself, not the "T" before it


# =========================================================================== 6. arguments are paths


def test_issue12_mistyped_path_is_not_audited_as_text(capsys):
    """Issue 12: `auditor audit SRC data/samples/000_dd4acef3590ed458` (no suffix) reported "Fidelity 0.0"."""
    missing = str(SAMPLES / "000_dd4acef3590ed458")
    code, out, err = run(capsys, "audit", S001, missing)
    refused(code, err, 4, "no such file", "--text")
    assert out == ""
    code, _, err = run(capsys, "audit", "no_suffix_and_no_slash")
    refused(code, err, 4, "no such file")
    code, _, err = run(capsys, "align", S001, "missing")
    refused(code, err, 4, "no such file")


def test_issue12_dash_is_standard_input(capsys, monkeypatch):
    """Issue 12: `auditor audit -` audited the text "-"."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(S000.read_bytes()), encoding="utf-8"))
    code, out, err = run(capsys, "audit", S001, "-", "--format", "json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["target"]["id"] == "stdin" and rep["mode"] != "lint"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    code, _, err = run(capsys, "audit", "-")
    refused(code, err, 4, "empty")
    code, _, err = run(capsys, "audit", "-", "-")
    refused(code, err, 2, "standard input")


def test_stdin_obeys_the_byte_limit_and_binary_check(monkeypatch):
    from auditor.io.read import read_stdin

    with pytest.raises(BadInputError, match="more than the limit"):
        read_stdin(stream=io.BytesIO(b"a" * 2000), max_bytes=1000)
    with pytest.raises(BadInputError, match="binary"):
        read_stdin(stream=io.BytesIO(b"\x00\x01" * 100))
    doc = read_stdin(stream=io.BytesIO("The council met.\n".encode()), lang="en")
    assert doc.text.strip() == "The council met." and doc.id == "stdin"


def test_issue12_text_flag_audits_literal_text(capsys):
    code, out, err = run(capsys, "audit", "--text", "The council met on Tuesday. It approved the budget.", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["mode"] == "lint"
    code, out, err = run(
        capsys, "audit", "--text", "The council met on Tuesday. It approved the budget.",
        "The council met on Monday. It rejected the budget.", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["source"] is not None


def test_library_strings_path_shaped_are_paths_and_others_are_text(tmp_path):
    """The library keeps text strings (tests and the README rely on it) but never audits a mistyped path."""
    a = api.Auditor()
    assert a.load("The council met on Tuesday.", lang="en").text == "The council met on Tuesday."
    assert a.load("Hello.", lang="en").text == "Hello."
    assert a.load(str(S001)).path == str(S001)
    for missing in ("data/samples/000_dd4acef3590ed458", str(tmp_path / "nope"), "missing.txt", "~/nope/x"):
        with pytest.raises(BadInputError, match="no such file"):
            a.load(missing)
    with pytest.raises(BadInputError, match="no such file"):
        a.load(Path("missing"))
    assert a.load(f"{tmp_path}\nsecond line", lang="en").text.startswith(str(tmp_path))
    assert os.fspath(S001)  # a PathLike is always a path


def test_issue12_a_declined_language_says_so_in_one_note_line(tmp_path, capsys, monkeypatch):
    """Every detector runs on zh, or declines with a note: wordfreq's Chinese segmenter (jieba) is no
    dependency, so the word-frequency checks say they were skipped, once, and the audit goes on."""
    import importlib.util

    from auditor import cli
    from auditor.detect import spinner

    if importlib.util.find_spec("jieba") is not None:
        pytest.skip("jieba is installed here: nothing is declined")
    spinner._segmenter_ready.cache_clear()
    spinner._DECLINED.clear()
    doc = tmp_path / "zh.txt"
    doc.write_text("习近平主席周三在北京会见了来访的法国总统。会谈持续了两个小时。\n", encoding="utf-8")
    assert cli.main(["audit", str(doc), "--no-beads"]) == 0
    err = capsys.readouterr().err
    assert err.count("auditor: note: word-frequency checks") == 1 and "'zh'" in err and "jieba" in err
