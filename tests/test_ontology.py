from assistant.ontology import canonical, terms_in


def test_printed_variants_share_one_subject():
    assert canonical("“三公”经费") == canonical("三公经费") == "三公经费"
    assert canonical("公务用车购置及运行维护费") == "公务用车购置及运行费"
    assert canonical("因公出国(境)费") == "因公出国（境）费"


def test_colloquial_questions_map_onto_budget_terms():
    assert terms_in("公车每年的花销是多少") == ["公务用车购置及运行费"]
    assert terms_in("出国花费是多少") == ["因公出国（境）费"]
    assert terms_in("招待费多少") == ["公务接待费"]
    assert terms_in("万里街道房子面积是多少平方米？") == ["房屋建筑面积"]
    assert "新增国有资产" in terms_in("城运中心国有资产新增多少？")


def test_a_longer_mention_wins_over_the_words_inside_it():
    # "公务用车购置费" must not also count as the broader 公车 term
    assert terms_in("公务用车购置费是多少") == ["公务用车购置费"]
