-- The county's development themes, used to file and filter projects.
INSERT INTO themes(code, name_fi, name_sv, name_en) VALUES
 ('health', 'Terveyspalvelut', 'Hälsotjänster', 'Health services'),
 ('elderly', 'Ikääntyneiden palvelut', 'Tjänster för äldre', 'Services for older people'),
 ('families', 'Lapset ja perheet', 'Barn och familjer', 'Children and families'),
 ('youth', 'Nuoret', 'Unga', 'Young people'),
 ('mental', 'Mielenterveys ja päihteet', 'Mental hälsa och missbruk', 'Mental health and substance use'),
 ('disability', 'Vammaispalvelut', 'Funktionshinderservice', 'Disability services'),
 ('digital', 'Digitaaliset palvelut', 'Digitala tjänster', 'Digital services'),
 ('emergency', 'Pelastustoimi ja ensihoito', 'Räddningsväsende och prehospital akutsjukvård', 'Rescue and emergency care')
ON CONFLICT DO NOTHING;
