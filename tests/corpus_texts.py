"""Test helper: two short invented stories shared by the corpus tests (a budget story and its copy, a comet story)."""

ORIG = [
    "The city council approved a new budget of 4.2 million dollars on Tuesday evening.",
    "Mayor Helen Park said the money would pay for road repairs and two new libraries.",
    "Opposition members argued that the plan ignored rising costs in public transport.",
    "The vote passed by nine votes to four after a debate lasting three hours.",
    "Residents who attended the meeting applauded when the libraries were announced.",
    "The budget takes effect on the first of July and runs for twelve months.",
]

OTHER = [
    "A rare comet will be visible from the northern hemisphere next week.",
    "Astronomers say the best time to look is one hour before sunrise.",
    "The comet last passed close to the Sun more than six thousand years ago.",
    "Binoculars will help, but the tail may be seen with the naked eye.",
    "Clear skies are forecast for most of the coast on Thursday morning.",
]
