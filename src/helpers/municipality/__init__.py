"""What one municipality's pages say, whatever their form: the per-municipality model
that the factsheets and the monitor both present (neither imports the other).

    model        the municipality's answers beside its class, province and country, a
                 group figure only where helpers.disclosure allows it (the one place
                 that asks); every year's processed tables it reads
    summary      its summary sentences ("Uw gemeente in het kort")
    tips         what it can still do, with the programme's support, and its strong
                 points ("Wat uw gemeente nog meer kan doen"; editorial data in
                 data/raw/advies.yaml)
    overview     per actielijn and pijler: the share of its practices it has beside its
                 class, province and country, tips and strong points marked
    respondents  who responded in a year, in order, and their file names
    style        the colours of the pages
"""
